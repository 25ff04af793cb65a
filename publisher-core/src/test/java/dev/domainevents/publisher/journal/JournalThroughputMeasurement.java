/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: measures forces, appends per force and reading on this machine, when asked to
 * ({@code mvn -o -q test -pl publisher-core -Dtest=JournalThroughputMeasurement -Djournal.measure=true}).
 */
class JournalThroughputMeasurement {

	@TempDir
	Path directory;

	/**
	 * Measures appends per force and read throughput on this machine: a tool, run by hand, not a test.
	 * @param args none
	 */
	public static void main(String[] args) throws Exception {
		new JournalThroughputMeasurement().measure();
	}

	void measure() throws Exception {
		int threads = 8;
		long seconds = 3;
		try (Journal journal = Journal.open(JournalOptions.of(this.directory, 1024L * 1024 * 1024))) {
			// Each thread waits for its append to be journaled before the next, as a publisher's callers do.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			List<Thread> appenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				appenders.add(new Thread(() -> {
					for (int i = 0; System.nanoTime() < deadline; i++) {
						JournalTesting.appendAndWait(journal, JournalTesting.entry(thread * 1_000_000 + i));
					}
				}));
			}
			long started = System.nanoTime();
			appenders.forEach(Thread::start);
			for (Thread appender : appenders) {
				appender.join();
			}
			double elapsed = (System.nanoTime() - started) / 1e9;
			JournalStats stats = journal.stats();
			System.out.printf("8 synchronous appenders: %d appends, %d forces in %.2f s: %.0f appends/s, %.0f forces/s, "
					+ "%.1f appends per force, force mean %.0f µs, max %.0f µs%n", stats.appended(), stats.forces(),
					elapsed, stats.appended() / elapsed, stats.forces() / elapsed,
					(double) stats.appended() / stats.forces(), stats.forceNanosTotal() / 1e3 / stats.forces(),
					stats.forceNanosMax() / 1e3);
			long forcesBefore = journal.stats().forces();
			int pipelined = 100_000;
			java.util.concurrent.CountDownLatch allJournaled = new java.util.concurrent.CountDownLatch(pipelined);
			long pipelineStarted = System.nanoTime();
			List<Thread> pipelines = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				pipelines.add(new Thread(() -> {
					for (int i = 0; i < pipelined / threads; i++) {
						journal.append(JournalTesting.entry(thread * 1_000_000 + i), new AppendCallback() {

							@Override
							public void journaled(long position) {
								allJournaled.countDown();
							}

							@Override
							public void refused(JournalRefusal refusal) {
								throw new IllegalStateException(refusal.toString());
							}

						});
					}
				}));
			}
			pipelines.forEach(Thread::start);
			assertThat(allJournaled.await(60, TimeUnit.SECONDS)).isTrue();
			double pipelineSeconds = (System.nanoTime() - pipelineStarted) / 1e9;
			System.out.printf("8 appenders not waiting: %d appends in %.2f s: %.0f appends/s, %d forces%n", pipelined,
					pipelineSeconds, pipelined / pipelineSeconds, journal.stats().forces() - forcesBefore);
			long loneStarted = System.nanoTime();
			int lone = 0;
			while (System.nanoTime() - loneStarted < TimeUnit.SECONDS.toNanos(1)) {
				JournalTesting.appendAndWait(journal, JournalTesting.entry(lone++));
			}
			System.out.printf("1 synchronous appender: %.0f µs per journaled append (window 1 ms, force mean above)%n",
					(System.nanoTime() - loneStarted) / 1e3 / lone);
			long readStarted = System.nanoTime();
			long read = 0;
			long next = 0;
			List<JournaledRecord> batch;
			while (!(batch = journal.read(next, 500)).isEmpty()) {
				read += batch.size();
				next = batch.get(batch.size() - 1).position() + 1;
			}
			double readSeconds = (System.nanoTime() - readStarted) / 1e9;
			assertThat(read).isEqualTo(stats.appended() + pipelined + lone);
			System.out.printf("Sequential replay: %d entries in %.3f s: %.0f entries/s%n", read, readSeconds,
					read / readSeconds);
		}
	}

}
