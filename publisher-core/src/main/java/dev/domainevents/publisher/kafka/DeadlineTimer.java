/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Fails events whose deadline passed, on its own thread, so that deadlines hold even while the dispatcher is stuck
 * in {@code send()}. It sleeps until the oldest pending event's deadline; since every event has the same delivery
 * timeout, a new event's deadline is never earlier, so only the first event accepted while none was pending wakes
 * it. While completions are under way it also looks every {@value #STALL_CHECK_INTERVAL_MILLIS} ms whether a
 * callback holds up the {@link CompletionDrain}; the completions wake it when they start after a quiet time.
 */
final class DeadlineTimer implements Runnable {

	// How long completions may wait behind a callback before another drain task takes them on.
	private static final long STALL_CHECK_INTERVAL_MILLIS = 20;

	private static final long STALL_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(STALL_CHECK_INTERVAL_MILLIS);

	private final EventLedger ledger;

	private final EventLifecycle lifecycle;

	private final Set<String> topicsWritten;

	private final CompletionDrain completions;

	private final Workers workers;

	private volatile boolean running = true;

	private volatile @Nullable Thread thread;

	// Whether it sleeps without watching the completions, so that their start must wake it.
	private volatile boolean sleepsLong;

	DeadlineTimer(EventLedger ledger, EventLifecycle lifecycle, Set<String> topicsWritten,
			CompletionDrain completions, Workers workers) {
		this.ledger = ledger;
		this.lifecycle = lifecycle;
		this.topicsWritten = topicsWritten;
		this.completions = completions;
		this.workers = workers;
	}

	/** Wakes the timer if it sleeps past the next thing it must do: a first deadline, or completions to watch. */
	void wake() {
		if (this.sleepsLong) {
			unpark();
		}
	}

	void stop() {
		this.running = false;
		unpark();
	}

	private void unpark() {
		Thread timerThread = this.thread;
		if (timerThread != null) {
			LockSupport.unpark(timerThread);
		}
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		List<PendingEvent> expired = new ArrayList<>();
		long expireAt = System.nanoTime();
		long lastStallCheck = expireAt;
		while (this.running) {
			try {
				if (expireAt - System.nanoTime() <= 0) {
					expireAt = expireDue(System.nanoTime(), expired);
				}
				// Only once an interval: a check right after the last one would find no progress, and see a stall.
				if (System.nanoTime() - lastStallCheck >= STALL_CHECK_INTERVAL_NANOS) {
					lastStallCheck = System.nanoTime();
					this.completions.helpIfStalled();
				}
				sleepUntil(expireAt);
				if (expireAt == Long.MAX_VALUE) {
					// Nothing was pending; maybe a first event is now, whose deadline the ledger knows.
					expireAt = System.nanoTime();
				}
			}
			catch (Throwable ex) {
				if (Workers.isFatal(ex)) {
					throw ex;
				}
				this.workers.survived("failing expired domain events", ex);
				expired.clear();
				expireAt = System.nanoTime();
			}
		}
	}

	/**
	 * Fails the events whose deadline passed by {@code now}, at most a lock hold's worth.
	 * @return when to look again: {@code now} when more have expired, {@link Long#MAX_VALUE} when nothing is pending
	 */
	long expireDue(long now, List<PendingEvent> expired) {
		try {
			long next = this.ledger.expire(now, expired);
			for (PendingEvent event : expired) {
				this.lifecycle.failDecided(event,
						Failure.expired(event.stageWhenDecided, this.topicsWritten.contains(event.topic())));
			}
			return next;
		}
		finally {
			expired.clear();
		}
	}

	private void sleepUntil(long expireAt) {
		long sleep = (expireAt == Long.MAX_VALUE) ? Long.MAX_VALUE : expireAt - System.nanoTime();
		try {
			if (this.completions.isBusy()) {
				sleep = Math.min(sleep, STALL_CHECK_INTERVAL_NANOS);
			}
			else {
				this.sleepsLong = true;
				// CompletionDrain that started, or a first event accepted, before the flag was up found nobody to wake.
				if (this.completions.isBusy() || (expireAt == Long.MAX_VALUE && this.ledger.hasPending())) {
					return;
				}
			}
			if (sleep <= 0 || !this.running) {
				return;
			}
			if (sleep == Long.MAX_VALUE) {
				LockSupport.park(this);
			}
			else {
				LockSupport.parkNanos(this, sleep);
			}
		}
		finally {
			this.sleepsLong = false;
		}
	}

}
