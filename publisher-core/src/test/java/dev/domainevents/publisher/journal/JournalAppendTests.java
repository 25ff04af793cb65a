/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.domainevents.publisher.journal.JournalTesting.appendAll;
import static dev.domainevents.publisher.journal.JournalTesting.appendAndWait;
import static dev.domainevents.publisher.journal.JournalTesting.entry;
import static dev.domainevents.publisher.journal.JournalTesting.numberOf;
import static dev.domainevents.publisher.journal.JournalTesting.options;
import static dev.domainevents.publisher.journal.JournalTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Appending: positions, the order of callbacks, group commit, and reading what is forced. */
class JournalAppendTests {

	@TempDir
	Path directory;

	@Test
	void positionsGrowByOneAcrossReopenAndEntriesReadBackByteForByte() {
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(appendAll(journal, 0, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
		}
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(appendAll(journal, 5, 5)).containsExactly(5L, 6L, 7L, 8L, 9L);
			List<JournaledRecord> records = readAll(journal);
			assertThat(records).extracting(JournaledRecord::position).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L,
					8L, 9L);
			for (JournaledRecord record : records) {
				JournalEntry expected = entry((int) record.position());
				assertThat(record.entry()).usingRecursiveComparison().isEqualTo(expected);
			}
			assertThat(journal.stats().heldEvents()).isEqualTo(10);
			assertThat(journal.stats().appended()).isEqualTo(5);
			assertThat(journal.stats().oldestHeldMillis()).isEqualTo(JournalTesting.TIMESTAMP);
		}
	}

	@Test
	void concurrentAppendsShareForcesAndEveryCallbackIsToldOnceInAppendOrder() throws Exception {
		int threads = 8;
		int perThread = 500;
		List<Long> callbackOrder = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch allTold = new CountDownLatch(threads * perThread);
		try (Journal journal = Journal.open(options(this.directory))) {
			List<Thread> appenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				appenders.add(new Thread(() -> {
					for (int i = 0; i < perThread; i++) {
						journal.append(entry(thread * perThread + i), new AppendCallback() {

							@Override
							public void journaled(long position) {
								callbackOrder.add(position);
								calls.incrementAndGet();
								allTold.countDown();
							}

							@Override
							public void refused(JournalRefusal refusal) {
								calls.incrementAndGet();
								allTold.countDown();
							}

						});
					}
				}));
			}
			appenders.forEach(Thread::start);
			assertThat(allTold.await(10, TimeUnit.SECONDS)).isTrue();
			JournalStats stats = journal.stats();
			assertThat(calls).hasValue(threads * perThread);
			assertThat(callbackOrder).hasSize(threads * perThread).isSorted();
			assertThat(new HashSet<>(callbackOrder)).hasSize(threads * perThread);
			assertThat(stats.appended()).isEqualTo(threads * perThread);
			assertThat(stats.forces()).isLessThan(threads * perThread / 4);
			assertThat(stats.forceNanosMax()).isPositive().isLessThanOrEqualTo(stats.forceNanosTotal());
			// Each thread's entries got positions in the order it appended them.
			List<JournaledRecord> records = readAll(journal);
			assertThat(records).hasSize(threads * perThread);
			for (int t = 0; t < threads; t++) {
				int thread = t;
				assertThat(records.stream().filter((record) -> numberOf(record) / perThread == thread)
					.map(JournalTesting::numberOf)
					.toList()).isSorted();
			}
		}
	}

	@Test
	void readSeesNothingWhoseForceHasNotReturned() throws Exception {
		CountDownLatch forceStarted = new CountDownLatch(1);
		CountDownLatch releaseForce = new CountDownLatch(1);
		AtomicInteger forces = new AtomicInteger();
		JournalOptions options = options(this.directory).withChannels(HookedChannel.onSegments(() -> {
			if (forces.incrementAndGet() == 2) {
				forceStarted.countDown();
				try {
					releaseForce.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}));
		try (Journal journal = Journal.open(options)) {
			appendAll(journal, 0, 1);
			JournalTesting.Outcome blocked = new JournalTesting.Outcome();
			journal.append(entry(1), blocked);
			assertThat(forceStarted.await(10, TimeUnit.SECONDS)).isTrue();
			// Written, but its force has not returned: not journaled, not readable.
			assertThat(readAll(journal)).extracting(JournaledRecord::position).containsExactly(0L);
			assertThat(blocked.isDone()).isFalse();
			releaseForce.countDown();
			assertThat(blocked.await().position).isEqualTo(1);
			assertThat(readAll(journal)).extracting(JournaledRecord::position).containsExactly(0L, 1L);
		}
	}

	@Test
	void readSkipsAcknowledgedEntriesAndStartsAtTheGivenPosition() {
		try (Journal journal = Journal.open(options(this.directory))) {
			appendAll(journal, 0, 100);
			journal.acknowledge(0);
			journal.acknowledge(2);
			journal.acknowledge(50);
			assertThat(journal.read(0, 3)).extracting(JournaledRecord::position).containsExactly(1L, 3L, 4L);
			assertThat(journal.read(48, 3)).extracting(JournaledRecord::position).containsExactly(48L, 49L, 51L);
			assertThat(journal.read(99, 10)).extracting(JournaledRecord::position).containsExactly(99L);
			assertThat(journal.read(100, 10)).isEmpty();
			assertThat(journal.firstUnacknowledged()).isEqualTo(1);
			assertThat(journal.stats().heldEvents()).isEqualTo(97);
		}
	}

	@Test
	void aReplayThreadReadsEverythingInOrderWhileAppendsGoOn() throws Exception {
		int count = 3000;
		JournalOptions options = new JournalOptions(this.directory, 64L * 1024 * 1024, 32 * 1024, Duration.ofMillis(1),
				FileChannel::open);
		try (Journal journal = Journal.open(options)) {
			Thread appender = new Thread(() -> {
				for (int i = 0; i < count; i++) {
					journal.append(entry(i), new JournalTesting.Outcome());
				}
			});
			appender.start();
			List<Long> seen = new ArrayList<>();
			long next = 0;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (seen.size() < count && System.nanoTime() < deadline) {
				List<JournaledRecord> records = journal.read(next, 64);
				if (records.isEmpty()) {
					LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
				}
				for (JournaledRecord record : records) {
					assertThat(numberOf(record)).isEqualTo(record.position());
					seen.add(record.position());
					next = record.position() + 1;
				}
			}
			appender.join();
			assertThat(seen).hasSize(count).isSorted().doesNotHaveDuplicates();
			assertThat(JournalTesting.segments(this.directory)).hasSizeGreaterThan(3);
		}
	}

	@Test
	void closeWritesWhatWasAppendedThenRefusesAppendsAndIsIdempotent() {
		Journal journal = Journal.open(options(this.directory));
		List<JournalTesting.Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			JournalTesting.Outcome outcome = new JournalTesting.Outcome();
			journal.append(entry(i), outcome);
			outcomes.add(outcome);
		}
		journal.close();
		journal.close();
		for (JournalTesting.Outcome outcome : outcomes) {
			assertThat(outcome.await().refusal).isNull();
			assertThat(outcome.calls).hasValue(1);
		}
		JournalTesting.Outcome late = appendAndWait(journal, entry(100));
		assertThat(late.refusal.kind()).isEqualTo(JournalRefusal.Kind.CLOSED);
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
				(thread) -> thread.getName().equals(JournalWriter.THREAD_NAME) && thread.isAlive());
		try (Journal reopened = Journal.open(options(this.directory))) {
			assertThat(readAll(reopened)).hasSize(100);
		}
	}

	@Test
	void theWriterIsOneDaemonThreadWithItsName() {
		try (Journal journal = Journal.open(options(this.directory))) {
			appendAll(journal, 0, 1);
			Set<Thread> writers = new HashSet<>(Thread.getAllStackTraces().keySet());
			writers.removeIf((thread) -> !thread.getName().equals(JournalWriter.THREAD_NAME));
			assertThat(writers).hasSize(1).allMatch(Thread::isDaemon);
		}
	}

}
