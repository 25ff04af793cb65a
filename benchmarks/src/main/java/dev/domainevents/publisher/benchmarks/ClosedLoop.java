/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput: caller threads send as fast as their peer lets them (the raw producer and the template block when
 * {@code buffer.memory} is full, the publisher with the {@code BLOCK} policy when its queue is), and the rate is the
 * number of futures that completed successfully in the measured window, after a warm-up, per second.
 */
final class ClosedLoop {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

	private final Sender sender;

	private final int threads;

	private final LongAdder sent = new LongAdder();

	private final LongAdder succeeded = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private volatile boolean running = true;

	private ClosedLoop(Sender sender, int threads) {
		this.sender = sender;
		this.threads = threads;
	}

	/**
	 * Runs the load and returns the measured rate.
	 * @param sender the peer
	 * @param threads how many caller threads
	 * @param warmup how long to send before measuring
	 * @param measure how long to measure
	 * @return the result
	 */
	static Result run(Sender sender, int threads, Duration warmup, Duration measure, long brokerPid) {
		return new ClosedLoop(sender, threads).run(warmup, measure, brokerPid, Window.NONE);
	}

	/**
	 * Runs the load, tells a window when the measurement starts and ends, and returns the measured rate.
	 * @param sender the peer
	 * @param threads how many caller threads
	 * @param warmup how long to send before measuring
	 * @param measure how long to measure
	 * @param brokerPid the broker's process, for its CPU time
	 * @param window told right after the measurement starts and right before it ends, on the controlling thread
	 * @return the result
	 */
	static Result run(Sender sender, int threads, Duration warmup, Duration measure, long brokerPid, Window window) {
		return new ClosedLoop(sender, threads).run(warmup, measure, brokerPid, window);
	}

	/** Takes figures of its own at the start and at the end of the measured window (the journal's counters, say). */
	interface Window {

		Window NONE = new Window() {
		};

		default void started() {
		}

		default void ending() {
		}

	}

	private Result run(Duration warmup, Duration measure, long brokerPid, Window window) {
		Outcome outcome = (error) -> {
			if (error == null) {
				this.succeeded.increment();
			}
			else {
				this.failed.increment();
			}
		};
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			long first = t * 131L;
			Thread worker = new Thread(() -> {
				long index = first;
				while (this.running) {
					this.sent.increment();
					this.sender.send(index++, outcome);
				}
			}, "bench-caller-" + t);
			worker.setDaemon(true);
			workers.add(worker);
		}
		workers.forEach(Thread::start);
		Clock.park(warmup);
		long startCount = this.succeeded.sum();
		long startFailed = this.failed.sum();
		long start = System.nanoTime();
		long clientCpuStart = CpuTime.ofThisProcess();
		long brokerCpuStart = CpuTime.ofProcess(brokerPid);
		window.started();
		Clock.park(measure);
		window.ending();
		long endCount = this.succeeded.sum();
		long endFailed = this.failed.sum();
		long end = System.nanoTime();
		long clientCpu = cpuSince(clientCpuStart, CpuTime.ofThisProcess());
		long brokerCpu = cpuSince(brokerCpuStart, CpuTime.ofProcess(brokerPid));
		this.running = false;
		for (Thread worker : workers) {
			join(worker);
		}
		boolean drained = Clock.await(() -> this.succeeded.sum() + this.failed.sum() >= this.sent.sum(),
				DRAIN_TIMEOUT);
		long completed = Math.max(1, endCount - startCount + endFailed - startFailed);
		return new Result((endCount - startCount) / Clock.seconds(end - start), endFailed - startFailed,
				this.sent.sum(), drained, perEventMicros(clientCpu, completed), perEventMicros(brokerCpu, completed));
	}

	private static long cpuSince(long start, long end) {
		return (start < 0 || end < 0) ? -1 : end - start;
	}

	private static double perEventMicros(long cpuNanos, long events) {
		return (cpuNanos < 0) ? Double.NaN : cpuNanos / 1e3 / events;
	}

	static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * @param eventsPerSecond futures completed successfully per second in the measured window
	 * @param failures futures that failed in the measured window
	 * @param sent every send of the run, warm-up included
	 * @param drained whether every future completed before the peer was closed
	 * @param clientMicrosPerEvent CPU time of this JVM (callers, client threads, GC) per completed event in the
	 * measured window, NaN if unknown
	 * @param brokerMicrosPerEvent CPU time of the broker's JVM per completed event, NaN if unknown
	 */
	record Result(double eventsPerSecond, long failures, long sent, boolean drained, double clientMicrosPerEvent,
			double brokerMicrosPerEvent) {
	}

}
