/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

/**
 * An open-loop load: sends are scheduled at a fixed rate, slot {@code i} at {@code start + i / rate}, whatever the
 * peer does. Caller thread {@code t} of {@code n} takes slots {@code t, t + n, ...}, parks until a slot's time and
 * sends; a thread that is late sends at once, so a stall delays the following sends instead of skipping them.
 * <p>
 * Latency is timed from a slot's <b>intended</b> time to the completion of its future, so that a send that waited
 * (for buffer space, for a lock, for a GC) counts its wait, and so does every send scheduled behind it: coordinated
 * omission does not hide delays. The call time of each {@code send()} is recorded as well.
 * <p>
 * Each slot belongs to a window (0 is the warm-up, which is not recorded). Windows are either fixed by intended time
 * ({@link #byIntendedTime}: the load then ends with the last slot scheduled before the end, however late it is sent),
 * or switched by a controller thread with {@link #enter(int)} and ended with {@link #stop()} (then a call that ran
 * into a later window counts in the later one: a send that blocked through a broker pause counts in the pause).
 */
final class OpenLoop {

	/** The window that is not recorded. */
	static final int WARMUP = 0;

	/** Sends one slot. */
	@FunctionalInterface
	interface Action {

		void send(long slot, Outcome outcome);

	}

	private final Action action;

	private final int threads;

	private final double periodNanos;

	private final int windows;

	private final long @Nullable [] boundaries;

	private final long endNanos;

	private long start;

	private volatile int window = WARMUP;

	private volatile boolean stopped;

	private final List<Thread> workers = new ArrayList<>();

	private final ConcurrentHistogram[] latency;

	private final Histogram[][] callTimes;

	private final LongAdder sent = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder[] succeeded;

	private final LongAdder[] failed;

	private final LongAdder[] refused;

	private OpenLoop(Action action, int threads, double ratePerSecond, int windows, long @Nullable [] boundaries,
			long endNanos) {
		if (ratePerSecond <= 0) {
			throw new IllegalArgumentException("The rate must be positive");
		}
		this.action = action;
		this.threads = threads;
		this.periodNanos = 1e9 / ratePerSecond;
		this.windows = windows;
		this.boundaries = boundaries;
		this.endNanos = endNanos;
		this.latency = new ConcurrentHistogram[windows];
		this.callTimes = new Histogram[threads][windows];
		this.succeeded = new LongAdder[windows];
		this.failed = new LongAdder[windows];
		this.refused = new LongAdder[windows];
		for (int w = 0; w < windows; w++) {
			this.latency[w] = new ConcurrentHistogram(3);
			this.succeeded[w] = new LongAdder();
			this.failed[w] = new LongAdder();
			this.refused[w] = new LongAdder();
			for (int t = 0; t < threads; t++) {
				this.callTimes[t][w] = new Histogram(3);
			}
		}
	}

	/**
	 * A load with two windows fixed by intended time, the warm-up and the measurement; it starts at once and ends by
	 * itself.
	 * @param action what one slot sends
	 * @param threads how many caller threads
	 * @param ratePerSecond sends per second, all threads together
	 * @param warmup the warm-up's length
	 * @param measure the measurement's length
	 * @return the started load
	 */
	static OpenLoop byIntendedTime(Action action, int threads, double ratePerSecond, Duration warmup,
			Duration measure) {
		long start = System.nanoTime() + 1_000_000;
		long measureFrom = start + warmup.toNanos();
		OpenLoop load = new OpenLoop(action, threads, ratePerSecond, 2, new long[] { measureFrom },
				measureFrom + measure.toNanos());
		load.start(start);
		return load;
	}

	/**
	 * A load whose windows a controller switches; it starts at once, in the warm-up, and runs until {@link #stop()}.
	 * @param action what one slot sends
	 * @param threads how many caller threads
	 * @param ratePerSecond sends per second, all threads together
	 * @param windows how many windows, the warm-up included
	 * @return the started load
	 */
	static OpenLoop controlled(Action action, int threads, double ratePerSecond, int windows) {
		OpenLoop load = new OpenLoop(action, threads, ratePerSecond, windows, null, Long.MAX_VALUE);
		load.start(System.nanoTime() + 1_000_000);
		return load;
	}

	private void start(long startNanos) {
		this.start = startNanos;
		for (int t = 0; t < this.threads; t++) {
			int thread = t;
			Thread worker = new Thread(() -> work(thread), "bench-caller-" + t);
			worker.setDaemon(true);
			this.workers.add(worker);
		}
		this.workers.forEach(Thread::start);
	}

	private void work(int thread) {
		Histogram[] calls = this.callTimes[thread];
		for (long slot = thread;; slot += this.threads) {
			long intended = this.start + (long) (slot * this.periodNanos);
			if (intended - this.endNanos >= 0) {
				return;
			}
			long now;
			while ((now = System.nanoTime()) - intended < 0 && !this.stopped) {
				LockSupport.parkNanos(intended - now);
			}
			if (this.stopped) {
				return;
			}
			int windowAtStart = windowOf(intended);
			this.sent.increment();
			long callStart = System.nanoTime();
			this.action.send(slot, outcome(intended, windowAtStart));
			long callTime = System.nanoTime() - callStart;
			int windowAtEnd = windowOf(intended);
			if (windowAtStart != WARMUP) {
				calls[Math.max(windowAtStart, windowAtEnd)].recordValue(callTime);
			}
		}
	}

	private int windowOf(long intended) {
		long[] fixed = this.boundaries;
		if (fixed == null) {
			return this.window;
		}
		int w = 0;
		while (w < fixed.length && intended - fixed[w] >= 0) {
			w++;
		}
		return w;
	}

	private Outcome outcome(long intended, int window) {
		return (error) -> {
			long completedAt = System.nanoTime();
			if (window != WARMUP) {
				if (error == null) {
					this.latency[window].recordValue(completedAt - intended);
					this.succeeded[window].increment();
				}
				else if (isRefusal(error)) {
					this.refused[window].increment();
				}
				else {
					this.failed[window].increment();
				}
			}
			this.completed.increment();
		};
	}

	private static boolean isRefusal(Throwable error) {
		return error instanceof PublicationFailedException failure && failure.getReason() == FailureReason.QUEUE_FULL;
	}

	/** Switches a controlled load to a later window. */
	void enter(int window) {
		if (this.boundaries != null || window <= this.window || window >= this.windows) {
			throw new IllegalArgumentException("Cannot enter window " + window);
		}
		this.window = window;
	}

	/** Stops a controlled load and waits until every caller thread returned from its last send. */
	void stop() {
		this.stopped = true;
		awaitCallers();
	}

	/** Waits until every caller thread has finished. */
	void awaitCallers() {
		for (Thread worker : this.workers) {
			ClosedLoop.join(worker);
		}
	}

	/**
	 * Waits until every future of a finished load has completed.
	 * @param timeout the longest wait
	 * @return whether all did
	 */
	boolean awaitCompletions(Duration timeout) {
		awaitCallers();
		return Clock.await(() -> this.completed.sum() >= this.sent.sum(), timeout);
	}

	/** Publish-to-completion latencies of the window's successful sends, in nanoseconds from the intended time. */
	Histogram latency(int window) {
		return this.latency[window].copy();
	}

	/** Call times of the window's sends, in nanoseconds; read it after the callers finished. */
	Histogram callTimes(int window) {
		Histogram merged = new Histogram(3);
		for (Histogram[] ofThread : this.callTimes) {
			merged.add(ofThread[window]);
		}
		return merged;
	}

	long succeeded(int window) {
		return this.succeeded[window].sum();
	}

	long failed(int window) {
		return this.failed[window].sum();
	}

	long refused(int window) {
		return this.refused[window].sum();
	}

	long sent() {
		return this.sent.sum();
	}

}
