/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

/**
 * An open-loop load, paced like {@link OpenLoop} (slot {@code i} at {@code start + i / rate}; a late thread sends at
 * once, it skips nothing), that keeps a time stamp of every call instead of histograms: when each {@code send()}
 * started and returned, and when its future completed. So a window can be cut after the fact, by what happened in
 * it (a broker resume, the end of a backlog), and each call set beside the GC pauses it overlapped.
 * <p>
 * Its slots are counted out in advance: a load that reaches its capacity stops sending.
 */
final class TimedLoad {

	static final int PENDING = 0;

	static final int SUCCEEDED = 1;

	static final int REFUSED = 2;

	static final int FAILED = 3;

	private final OpenLoop.Action action;

	private final int threads;

	private final double periodNanos;

	private final int capacity;

	private final long[] callStart;

	private final long[] callEnd;

	private final AtomicLongArray completedAt;

	private final AtomicIntegerArray outcome;

	private final List<Thread> workers = new ArrayList<>();

	private final long start;

	private volatile boolean stopped;

	/** The first slot not known to have completed: {@link #completedBefore} moves it on. */
	private int completedPrefix;

	/**
	 * Starts a load.
	 * @param action what one slot sends
	 * @param threads caller threads
	 * @param ratePerSecond sends per second, all threads together
	 * @param capacity the most slots it sends
	 */
	TimedLoad(OpenLoop.Action action, int threads, double ratePerSecond, int capacity) {
		this.action = action;
		this.threads = threads;
		this.periodNanos = 1e9 / ratePerSecond;
		this.capacity = capacity;
		this.callStart = new long[capacity];
		this.callEnd = new long[capacity];
		this.completedAt = new AtomicLongArray(capacity);
		this.outcome = new AtomicIntegerArray(capacity);
		this.start = System.nanoTime() + 1_000_000;
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread worker = new Thread(() -> work(thread), "bench-timed-caller-" + t);
			worker.setDaemon(true);
			this.workers.add(worker);
		}
		this.workers.forEach(Thread::start);
	}

	private void work(int thread) {
		for (int slot = thread; slot < this.capacity; slot += this.threads) {
			long intended = intendedTime(slot);
			long now;
			while ((now = System.nanoTime()) - intended < 0 && !this.stopped) {
				LockSupport.parkNanos(intended - now);
			}
			if (this.stopped) {
				return;
			}
			int index = slot;
			long callStart = System.nanoTime();
			this.callStart[index] = callStart;
			this.action.send(index, (error) -> completed(index, error));
			this.callEnd[index] = System.nanoTime();
		}
	}

	private void completed(int slot, Throwable error) {
		int result;
		if (error == null) {
			result = SUCCEEDED;
		}
		else if (error instanceof PublicationFailedException failure
				&& failure.getReason() == FailureReason.QUEUE_FULL) {
			result = REFUSED;
		}
		else {
			result = FAILED;
		}
		this.outcome.set(slot, result);
		this.completedAt.set(slot, Math.max(1, System.nanoTime()));
	}

	long intendedTime(int slot) {
		return this.start + (long) (slot * this.periodNanos);
	}

	/** How many slots are scheduled before a time: slots {@code 0} to that count less one. */
	int slotsBefore(long nanos) {
		double slots = Math.ceil((nanos - this.start) / this.periodNanos);
		return (int) Math.max(0, Math.min(this.capacity, slots));
	}

	/**
	 * Whether every one of the first slots has completed. Called from one thread.
	 * @param slots how many
	 * @return whether they all did
	 */
	boolean completedBefore(int slots) {
		while (this.completedPrefix < slots && this.completedAt.get(this.completedPrefix) != 0) {
			this.completedPrefix++;
		}
		return this.completedPrefix >= slots;
	}

	/** When the last of the first slots completed, or 0 if one has not. */
	long lastCompletion(int slots) {
		long last = 0;
		for (int slot = 0; slot < slots; slot++) {
			long at = this.completedAt.get(slot);
			if (at == 0) {
				return 0;
			}
			last = Math.max(last, at);
		}
		return last;
	}

	/** Stops the load and waits until every caller has returned from its last call. */
	void stop() {
		this.stopped = true;
		for (Thread worker : this.workers) {
			ClosedLoop.join(worker);
		}
	}

	/** Whether the load ran out of slots. Read after {@link #stop()}. */
	boolean exhausted() {
		return this.callEnd[this.capacity - 1] != 0;
	}

	/** One past the last slot sent; slots below it that were not sent have a call end of 0. Read after {@link #stop()}. */
	int sent() {
		int end = this.capacity;
		while (end > 0 && this.callEnd[end - 1] == 0) {
			end--;
		}
		return end;
	}

	/** Whether every slot sent has completed. Read after {@link #stop()}. */
	boolean allCompleted() {
		int end = sent();
		for (int slot = 0; slot < end; slot++) {
			if (this.callEnd[slot] != 0 && this.completedAt.get(slot) == 0) {
				return false;
			}
		}
		return true;
	}

	/** The time a slot's call started; read after {@link #stop()}. */
	long callStart(int slot) {
		return this.callStart[slot];
	}

	/** The time a slot's call returned; read after {@link #stop()}. */
	long callEnd(int slot) {
		return this.callEnd[slot];
	}

	/** How a slot ended: {@link #PENDING}, {@link #SUCCEEDED}, {@link #REFUSED} or {@link #FAILED}. */
	int outcome(int slot) {
		return this.outcome.get(slot);
	}

}
