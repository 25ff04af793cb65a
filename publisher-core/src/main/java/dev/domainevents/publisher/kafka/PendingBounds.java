/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The room, in events and in estimated record bytes, that every accepted event holds from its acceptance until its
 * future has completed: while it is queued, parked, in flight, and while its completion waits for a thread. An
 * event's record bytes stay reachable through all of those stages, so this is what bounds the publisher's memory.
 * <p>
 * Callers that wait for room ({@link dev.domainevents.publisher.OverflowPolicy#BLOCK}) get it in arrival order: a
 * caller never takes room while an earlier one waits, and freed room goes to the longest waiting caller first, even
 * when a smaller event behind it would fit.
 * <p>
 * Releasing takes no lock unless a caller waits, since it runs for every completed event.
 */
final class PendingBounds {

	enum Admission {

		ACCEPTED, FULL, CLOSING, INTERRUPTED

	}

	private final int maxEvents;

	private final long maxBytes;

	private final AtomicInteger events = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	// Guarded by lock; waiters.size() mirrored in waiterCount for the lock-free release.
	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private final AtomicInteger waiterCount = new AtomicInteger();

	private volatile boolean closing;

	PendingBounds(int maxEvents, long maxBytes) {
		this.maxEvents = maxEvents;
		this.maxBytes = maxBytes;
	}

	int maxEvents() {
		return this.maxEvents;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	int events() {
		return this.events.get();
	}

	long bytes() {
		return this.bytes.get();
	}

	/**
	 * Takes room for one event of {@code size} bytes, waiting up to {@code maxWaitNanos} behind earlier waiters when
	 * there is none.
	 */
	Admission reserve(int size, long maxWaitNanos) {
		this.lock.lock();
		try {
			if (this.closing) {
				return Admission.CLOSING;
			}
			if (this.waiters.isEmpty() && tryTake(size)) {
				return Admission.ACCEPTED;
			}
			if (maxWaitNanos <= 0) {
				return Admission.FULL;
			}
			return await(size, maxWaitNanos);
		}
		finally {
			this.lock.unlock();
		}
	}

	private Admission await(int size, long maxWaitNanos) {
		Waiter waiter = new Waiter(size, this.lock.newCondition());
		this.waiters.addLast(waiter);
		this.waiterCount.incrementAndGet();
		// Room released before this waiter was counted found nobody to give it to.
		grantToWaiters();
		long remaining = maxWaitNanos;
		try {
			while (!waiter.granted) {
				if (this.closing) {
					return Admission.CLOSING;
				}
				if (remaining <= 0) {
					return Admission.FULL;
				}
				remaining = waiter.condition.awaitNanos(remaining);
			}
			return Admission.ACCEPTED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return waiter.granted ? Admission.ACCEPTED : Admission.INTERRUPTED;
		}
		finally {
			if (!waiter.granted) {
				boolean wasFirst = this.waiters.peekFirst() == waiter;
				this.waiters.remove(waiter);
				this.waiterCount.decrementAndGet();
				if (wasFirst) {
					// The next in line may fit where this one did not.
					grantToWaiters();
				}
			}
		}
	}

	private boolean tryTake(int size) {
		if (this.events.get() >= this.maxEvents || this.bytes.get() + size > this.maxBytes) {
			return false;
		}
		this.events.incrementAndGet();
		this.bytes.addAndGet(size);
		return true;
	}

	// Lock held. Strictly in arrival order: the first waiter that does not fit stops the others.
	private void grantToWaiters() {
		Waiter first;
		while ((first = this.waiters.peekFirst()) != null && tryTake(first.size)) {
			this.waiters.pollFirst();
			this.waiterCount.decrementAndGet();
			first.granted = true;
			first.condition.signal();
		}
	}

	/** Gives back the room of events whose futures have completed, or that were never accepted after all. */
	void release(int releasedEvents, long releasedBytes) {
		if (releasedEvents == 0) {
			return;
		}
		this.events.addAndGet(-releasedEvents);
		this.bytes.addAndGet(-releasedBytes);
		if (this.waiterCount.get() > 0) {
			this.lock.lock();
			try {
				grantToWaiters();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** Refuses every later reservation, and wakes the callers that wait. */
	void close() {
		this.lock.lock();
		try {
			this.closing = true;
			for (Waiter waiter : this.waiters) {
				waiter.condition.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static final class Waiter {

		final int size;

		final Condition condition;

		boolean granted;

		Waiter(int size, Condition condition) {
			this.size = size;
			this.condition = condition;
		}

	}

}
