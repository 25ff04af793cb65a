/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in the harness: parks until a time, or polls a condition. Load pacing parks too; nothing here spins.
 */
final class Clock {

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private Clock() {
	}

	/**
	 * Parks until {@code System.nanoTime()} reaches a deadline.
	 * @throws IllegalStateException if the thread is interrupted, with its flag restored
	 */
	static void parkUntil(long deadlineNanos) {
		long remaining;
		while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
			LockSupport.parkNanos(remaining);
			checkInterrupt();
		}
	}

	private static void checkInterrupt() {
		if (Thread.currentThread().isInterrupted()) {
			throw new IllegalStateException("Interrupted while waiting");
		}
	}

	/** Parks for a duration. */
	static void park(Duration duration) {
		parkUntil(System.nanoTime() + duration.toNanos());
	}

	/**
	 * Polls a condition until it holds or the timeout runs out.
	 * @return whether it held
	 */
	static boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(POLL_NANOS);
			checkInterrupt();
		}
		return true;
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
