/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The network conditions of a {@link FaultyProxy} (blackholed, delayed, throttled) and the gate where every chunk
 * waits until they let it through.
 * <p>
 * Kept apart from the connections so that the rules of a fault live in one place: every writer of every connection
 * asks {@link #awaitTurn} before it writes, and a change of setting wakes them all at once, so that it applies to bytes
 * already held too.
 */
final class FaultPolicy {

	/** How finely a throttled chunk is sliced, in fractions of a second of budget, so that the rate stays smooth. */
	private static final int SLICES_PER_SECOND = 50;

	/** A slice smaller than this costs more in wake-ups than it gains in smoothness. */
	private static final int MIN_SLICE_BYTES = 256;

	/** Guards the settings, the budgets and {@link #closed}; {@link #changed} wakes writers when one changes. */
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private boolean blackholed;

	private long delayNanos;

	private long bytesPerSecond;

	private boolean closed;

	/** The throttle budget of the direction from clients to the target, shared by all connections. */
	final Budget toTarget = new Budget();

	/** The throttle budget of the direction from the target to clients, shared by all connections. */
	final Budget toClients = new Budget();

	/** When one direction's next throttled slice may go; guarded by the policy's lock. */
	static final class Budget {

		private long nextSliceNanos = System.nanoTime();

		private Budget() {
		}

	}

	/** Ends a blackhole, a delay and a throttle: bytes pass at once and at full speed. */
	void pass() {
		update(() -> {
			this.blackholed = false;
			this.delayNanos = 0;
			this.bytesPerSecond = 0;
		});
	}

	void blackhole() {
		update(() -> this.blackholed = true);
	}

	void delay(Duration delay) {
		update(() -> this.delayNanos = delay.toNanos());
	}

	void throttle(long bytesPerSecond) {
		update(() -> {
			this.bytesPerSecond = bytesPerSecond;
			// A new budget starts now: the debt run up under a lower rate does not carry over.
			this.toTarget.nextSliceNanos = System.nanoTime();
			this.toClients.nextSliceNanos = System.nanoTime();
		});
	}

	boolean isBlackholed() {
		this.lock.lock();
		try {
			return this.blackholed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Refuses every turn from now on, and wakes the writers that wait for one so that they give up. */
	void close() {
		update(() -> this.closed = true);
	}

	/**
	 * Waits until a chunk may be written: the network passes, the chunk's delay is over and, when throttled, the
	 * direction's budget has room for {@code bytes}, which it then takes.
	 * @param budget the budget of the chunk's direction
	 * @param readAtNanos when the chunk was read, the start of its delay
	 * @param bytes how many bytes are about to be written
	 * @param abandoned whether the chunk's connection was closed meanwhile
	 * @return whether the chunk may be written; {@code false} once the policy is closed or the chunk abandoned
	 * @throws InterruptedException if the writer is interrupted, as closing its connection does
	 */
	boolean awaitTurn(Budget budget, long readAtNanos, int bytes, BooleanSupplier abandoned)
			throws InterruptedException {
		this.lock.lock();
		try {
			while (true) {
				if (this.closed || abandoned.getAsBoolean()) {
					return false;
				}
				if (this.blackholed) {
					this.changed.await();
					continue;
				}
				long now = System.nanoTime();
				long due = readAtNanos + this.delayNanos;
				if (this.bytesPerSecond > 0 && budget.nextSliceNanos - due > 0) {
					due = budget.nextSliceNanos;
				}
				if (due - now > 0) {
					this.changed.awaitNanos(due - now);
					continue;
				}
				if (this.bytesPerSecond > 0) {
					// No burst allowance: a budget left unused while idle does not pile up.
					long start = Math.max(now - TimeUnit.MILLISECONDS.toNanos(1), budget.nextSliceNanos);
					budget.nextSliceNanos = start + bytes * TimeUnit.SECONDS.toNanos(1) / this.bytesPerSecond;
				}
				return true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many bytes of a chunk to write per turn: all of them unless throttled, else a fraction of a second's
	 * budget, so that a throttled direction trickles instead of bursting.
	 * @param chunkBytes the largest chunk a reader hands over
	 * @return the slice size, at most {@code chunkBytes}
	 */
	int sliceBytes(int chunkBytes) {
		this.lock.lock();
		try {
			return (this.bytesPerSecond > 0)
					? (int) Math.max(MIN_SLICE_BYTES, Math.min(chunkBytes, this.bytesPerSecond / SLICES_PER_SECOND))
					: chunkBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void update(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
