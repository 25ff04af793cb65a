/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

/**
 * The ledger of every accepted event and its {@link DispatchQueue}, behind one lock.
 * <p>
 * Room is taken from the {@link PendingBounds} before an event is accepted, and given back only once its future has
 * completed; when a new event does not fit, the caller is told at once, or waits for room, as its
 * {@link dev.domainevents.publisher.OverflowPolicy} says. An accepted event enters the dispatch queue; the ledger
 * counts it, expires it at its deadline, and fails what is left at shutdown.
 * <p>
 * The {@link DeadlineList} links every pending event in acceptance order, which is deadline order. An event leaves it
 * when its outcome is counted, or earlier when the deadline timer or the shutdown claims it; a claimed event, and one
 * journaled because the queue was full, is <em>detached</em>: pending, but not in the list, until its future's
 * outcome is counted. So {@code accepted == succeeded + failed + pending} holds in every snapshot taken under the
 * lock. The journal's replays pass through the queue like any event, but are counted apart: they were accepted, and
 * answered, once already.
 * <p>
 * No I/O and no user code ever runs under the lock, and no call holds it for more than {@link #MAX_WORK_PER_HOLD}
 * events: callers offering an event never wait behind a whole batch of completions or expiries.
 */
final class EventLedger {

	/** The most events one hold of the lock moves, completes or expires. */
	static final int MAX_WORK_PER_HOLD = 64;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition drained = this.lock.newCondition();

	private final PendingBounds bounds;

	private final long deliveryTimeoutNanos;

	// Guarded by lock from here on.
	private final DispatchQueue queue;

	private final DeadlineList deadlines = new DeadlineList();

	private long accepted;

	private long succeeded;

	private long failed;

	// Accepted (or replayed) events out of the deadline list whose outcome is not counted yet.
	private long detachedPending;

	// Replays of journaled events in the ledger, linked or detached.
	private long replaysPending;

	private volatile boolean closing;

	// With a journal: the queue overflowed, and its events are moving to the journal; new ones follow them there.
	private volatile boolean spilling;

	private volatile Runnable onFirstPending = () -> {
	};

	// With a journal: takes an event the ledger claims (expired, or moving to the journal), under the lock, so that
	// the journal gets events in the order they were claimed; false leaves the event to the claimer.
	private volatile @Nullable Predicate<PendingEvent> journalHandOff;

	// With a journal: takes an event the shutdown claims, as journalHandOff takes the others.
	private volatile @Nullable Predicate<PendingEvent> journalHandOffAtShutdown;

	// System.nanoTime, but for tests that move time themselves.
	private final LongSupplier clock;

	EventLedger(PendingBounds bounds, long deliveryTimeoutNanos, double parkedSharePerTopic) {
		this(bounds, deliveryTimeoutNanos, parkedSharePerTopic, System::nanoTime);
	}

	EventLedger(PendingBounds bounds, long deliveryTimeoutNanos, double parkedSharePerTopic, LongSupplier clock) {
		this.clock = clock;
		this.bounds = bounds;
		this.deliveryTimeoutNanos = deliveryTimeoutNanos;
		this.queue = new DispatchQueue(this.lock, Math.max(1, (int) (bounds.maxEvents() * parkedSharePerTopic)),
				Math.max(1, (long) (bounds.maxBytes() * parkedSharePerTopic)));
	}

	/** The events not yet handed to the producer, under this ledger's lock. */
	DispatchQueue dispatchQueue() {
		return this.queue;
	}

	/** Sets what to run when an event is accepted while none was pending: the deadline timer then has a deadline. */
	void onFirstPending(Runnable action) {
		this.onFirstPending = action;
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Admits an event into the queue, waiting up to {@code maxWaitNanos} for room when that is positive. The event's
	 * deadline starts when it is accepted, not while its caller waits.
	 */
	PendingBounds.Admission offer(PendingEvent event, long maxWaitNanos) {
		return offer(event, maxWaitNanos, true);
	}

	/**
	 * Admits an event, as {@link #offer(PendingEvent, long)}; one that goes to the write-ahead journal first enters the
	 * dispatch queue only once {@linkplain #enqueueJournaled journaled}.
	 */
	PendingBounds.Admission offer(PendingEvent event, long maxWaitNanos, boolean enqueue) {
		PendingBounds.Admission admission = this.bounds.reserve(event.sizeInBytes, maxWaitNanos);
		if (admission != PendingBounds.Admission.ACCEPTED) {
			return admission;
		}
		boolean first;
		this.lock.lock();
		try {
			if (this.closing) {
				this.bounds.release(1, event.sizeInBytes);
				return PendingBounds.Admission.CLOSING;
			}
			if (this.spilling && !event.isReplay()) {
				// Behind the events moving to the journal, not before them.
				this.bounds.release(1, event.sizeInBytes);
				return PendingBounds.Admission.FULL;
			}
			event.acceptedNanos = this.clock.getAsLong();
			event.deadlineNanos = event.acceptedNanos + this.deliveryTimeoutNanos;
			if (enqueue) {
				this.queue.add(event);
			}
			first = this.deadlines.head() == null;
			this.deadlines.add(event);
			if (event.isReplay()) {
				this.replaysPending++;
			}
			else {
				this.accepted++;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (first) {
			this.onFirstPending.run();
		}
		return PendingBounds.Admission.ACCEPTED;
	}




	/**
	 * Puts a write-ahead event whose append is on disk into the dispatch queue.
	 * @return {@code false} when the publisher is closing: the event is not queued
	 */
	boolean enqueueJournaled(PendingEvent event) {
		this.lock.lock();
		try {
			if (this.closing) {
				return false;
			}
			this.queue.add(event);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Counts an event taken by the journal instead of the queue (the queue was full): accepted, pending until its
	 * append is answered, outside the deadline list (the journal answers within a {@code force}).
	 * @return {@code false} when the publisher is closing
	 */
	boolean acceptDetached(PendingEvent event) {
		this.lock.lock();
		try {
			if (this.closing) {
				return false;
			}
			event.acceptedNanos = this.clock.getAsLong();
			event.deadlineNanos = event.acceptedNanos + this.deliveryTimeoutNanos;
			this.accepted++;
			this.detachedPending++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean hasPending() {
		this.lock.lock();
		try {
			return this.deadlines.size() > 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records the completion of events whose outcome was {@linkplain EventLifecycle#decide decided}: a
	 * success when the event has a receipt.
	 */
	void completed(List<PendingEvent> events) {
		for (int from = 0; from < events.size(); from += MAX_WORK_PER_HOLD) {
			int to = Math.min(events.size(), from + MAX_WORK_PER_HOLD);
			this.lock.lock();
			try {
				for (int i = from; i < to; i++) {
					PendingEvent event = events.get(i);
					if (event.linked) {
						this.deadlines.remove(event);
					}
					else {
						this.detachedPending--;
					}
					if (event.isReplay()) {
						this.replaysPending--;
					}
					else if (event.receipt() != null) {
						this.succeeded++;
					}
					else {
						this.failed++;
					}
				}
				signalIfDrained();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Claims pending events whose deadline passed, at most {@link #MAX_WORK_PER_HOLD}, and drops them from the queue
	 * and their topic's parked events.
	 * @param now the current {@link System#nanoTime()}
	 * @param expired receives the claimed events; each has its {@link PendingEvent#stageWhenDecided}
	 * @return the {@link System#nanoTime()} at which to look again: {@code now} when more have expired already,
	 * {@link Long#MAX_VALUE} when nothing is pending
	 */
	long expire(long now, List<PendingEvent> expired) {
		this.lock.lock();
		try {
			Predicate<PendingEvent> handOff = this.journalHandOff;
			PendingEvent event = this.deadlines.head();
			int claimed = 0;
			while (event != null && event.deadlineNanos - now <= 0) {
				if (claimed == MAX_WORK_PER_HOLD) {
					return now;
				}
				PendingEvent next = event.next;
				Stage stage = EventLifecycle.decide(event);
				if (stage != null) {
					this.deadlines.remove(event);
					this.detachedPending++;
					this.queue.dropDecided(event, stage);
					claimed++;
					if (handOff == null || !handOff.test(event)) {
						expired.add(event);
					}
				}
				event = next;
			}
			signalIfDrained();
			PendingEvent first = this.deadlines.head();
			if (first == null) {
				return Long.MAX_VALUE;
			}
			// A head already decided by a thread that waits for this lock to count it leaves the list in a moment.
			return Math.max(first.deadlineNanos, now + TimeUnit.MILLISECONDS.toNanos(1));
		}
		finally {
			this.lock.unlock();
		}
	}

	void beginClosing() {
		this.lock.lock();
		try {
			this.closing = true;
			this.bounds.close();
			signalIfDrained();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean awaitDrained(long deadlineNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (pendingIncludingReplays() > 0) {
				long remaining = deadlineNanos - this.clock.getAsLong();
				if (remaining <= 0) {
					return false;
				}
				this.drained.awaitNanos(remaining);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Claims events still pending, at most {@link #MAX_WORK_PER_HOLD}, for the shutdown to fail them; once none is
	 * left, empties the queue. With a journal, those it keeps are handed to it under the lock, in claim order, as
	 * {@link #claimForSpill} hands them: a send callback may meanwhile hand over the newer events of their key.
	 * @return whether more remain to claim
	 */
	boolean claimPending(List<PendingEvent> claimed) {
		return claim(claimed, this.journalHandOffAtShutdown);
	}

	boolean isSpilling() {
		return this.spilling;
	}

	/** From now on, new events are refused as if the queue were full, until {@link #endSpill}. */
	void beginSpill() {
		this.lock.lock();
		try {
			this.spilling = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void endSpill() {
		this.lock.lock();
		try {
			this.spilling = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Claims pending events, at most {@link #MAX_WORK_PER_HOLD}, in acceptance order, for the journal to keep
	 * (the queue overflowed); once none is left, empties the queue. Events still being appended to the write-ahead
	 * journal are left to their append.
	 * @return whether more remain to claim
	 */
	boolean claimForSpill(List<PendingEvent> claimed) {
		return claim(claimed, this.journalHandOff);
	}

	// Claims from the oldest on; the journal, if given, takes what it keeps, and the rest goes to the claimer.
	private boolean claim(List<PendingEvent> claimed, @Nullable Predicate<PendingEvent> handOff) {
		this.lock.lock();
		try {
			PendingEvent event = this.deadlines.head();
			int count = 0;
			while (event != null && count < MAX_WORK_PER_HOLD) {
				PendingEvent next = event.next;
				if (EventLifecycle.decide(event) != null) {
					this.deadlines.remove(event);
					this.detachedPending++;
					count++;
					if (handOff == null || !handOff.test(event)) {
						claimed.add(event);
					}
				}
				event = next;
			}
			if (event != null) {
				return true;
			}
			this.queue.clear();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * With a journal: decides and hands over an event that another thread keeps (its send failed, its key is fenced)
	 * in one hold of the lock, as {@link #expire} and {@link #claimForSpill} decide and hand over the events they claim.
	 * A claim passes over an event decided already; decided here and handed over only after the lock was released, the
	 * event would reach the journal behind the newer events of its key that a claim handed over meanwhile.
	 */
	void inClaimOrder(Runnable decideAndHandOver) {
		this.lock.lock();
		try {
			decideAndHandOver.run();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** With a journal: who takes the events this ledger claims, in claim order, and those the shutdown claims. */
	void handClaimsTo(Predicate<PendingEvent> journalHandOff, Predicate<PendingEvent> journalHandOffAtShutdown) {
		this.journalHandOff = journalHandOff;
		this.journalHandOffAtShutdown = journalHandOffAtShutdown;
	}

	/**
	 * Returns how long the oldest pending event has waited, or zero when none is pending.
	 */
	long oldestPendingAgeNanos() {
		this.lock.lock();
		try {
			PendingEvent oldest = this.deadlines.head();
			return (oldest != null) ? Math.max(0, this.clock.getAsLong() - oldest.acceptedNanos) : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	PublisherStats stats(long rejected, long inFlightEvents, long inFlightBytes) {
		this.lock.lock();
		try {
			return new PublisherStats(this.accepted, this.succeeded, this.failed,
					pendingIncludingReplays() - this.replaysPending, rejected,
					this.queue.events(), this.queue.bytes(), inFlightEvents,
					inFlightBytes, this.bounds.events(), this.bounds.bytes());
		}
		finally {
			this.lock.unlock();
		}
	}

	private long pendingIncludingReplays() {
		return this.deadlines.size() + this.detachedPending;
	}

	private void signalIfDrained() {
		if (this.closing && pendingIncludingReplays() == 0) {
			this.drained.signalAll();
		}
	}

}
