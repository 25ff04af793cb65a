/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;


import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

/**
 * The bounded queue and the ledger of every accepted event, behind one lock.
 * <p>
 * The queue holds events not yet handed to the producer: the FIFO of new events and, per topic without metadata,
 * a FIFO of parked events. Room is taken from the {@link PendingBounds} before an event is accepted, and given back
 * only once its future has completed; when a new event does not fit, the caller is told at once, or waits for room,
 * as its {@link dev.domainevents.publisher.OverflowPolicy} says. The {@link ParkedTopics} keep the parked events,
 * each topic to its share of the bounds once it is known to be missing.
 * <p>
 * The {@link DeadlineList} links every pending event in acceptance order, which is deadline order. Its length is the
 * pending count, so {@code accepted == succeeded + failed + pending} holds in every snapshot taken under the lock.
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
	private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>();

	private final ParkedTopics parked;

	private int queuedEvents;

	private long queuedBytes;

	private final DeadlineList deadlines = new DeadlineList();

	private long accepted;

	private long succeeded;

	private long failed;

	private volatile boolean closing;

	private volatile Runnable onFirstPending = () -> {
	};

	EventLedger(PendingBounds bounds, long deliveryTimeoutNanos, double parkedSharePerTopic) {
		this.bounds = bounds;
		this.deliveryTimeoutNanos = deliveryTimeoutNanos;
		this.parked = new ParkedTopics(Math.max(1, (int) (bounds.maxEvents() * parkedSharePerTopic)),
				Math.max(1, (long) (bounds.maxBytes() * parkedSharePerTopic)));
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
			event.acceptedNanos = System.nanoTime();
			event.deadlineNanos = event.acceptedNanos + this.deliveryTimeoutNanos;
			this.queue.addLast(event);
			this.queuedEvents++;
			this.queuedBytes += event.sizeInBytes;
			first = this.deadlines.head() == null;
			this.deadlines.add(event);
			this.accepted++;
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
	 * Moves the events the dispatcher may send now into {@code batch}: first those of parked topics whose metadata
	 * arrived (they are older than anything of their topic still in the queue), then the queue's, in order, as long
	 * as they fit the in-flight window. A queued event of a topic that still has parked events joins them, so its
	 * topic's order, and with it every key's order, is kept; one beyond its topic's share goes to {@code overflow}
	 * instead, for the dispatcher to fail. Events taken leave the queue.
	 */
	void takeBatch(List<PendingEvent> batch, List<PendingEvent> overflow, int maxBatch, long windowFreeBytes) {
		int budget = Math.min(maxBatch, MAX_WORK_PER_HOLD * 2);
		this.lock.lock();
		try {
			long bytes = this.parked.takeReleased(batch, budget, windowFreeBytes);
			int looked = 0;
			PendingEvent event;
			while (batch.size() < budget && looked++ < budget && (event = this.queue.peekFirst()) != null) {
				if (EventLifecycle.isDecided(event)) {
					unqueueFirst();
					continue;
				}
				if (this.parked.isParked(event.topic())) {
					unqueueFirst();
					if (!this.parked.join(event)) {
						overflow.add(event);
					}
					continue;
				}
				if (bytes + event.sizeInBytes > windowFreeBytes) {
					break;
				}
				unqueueFirst();
				batch.add(event);
				bytes += event.sizeInBytes;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** {@link #roomWanted}: {@link #takeBatch} has something to do now. */
	static final long READY = 0;

	/** {@link #roomWanted}: {@link #takeBatch} has nothing to do, whatever room the window has. */
	static final long NOTHING = -1;

	/**
	 * What {@link #takeBatch} would find to do, so that the dispatcher can sleep when it would find nothing: events
	 * to send or completed ones to drop ({@link #READY}), none ({@link #NOTHING}, or only events of topics without
	 * metadata), or events that wait for room in the in-flight window.
	 * @return {@link #READY}, {@link #NOTHING}, or the bytes the first waiting event needs
	 */
	long roomWanted(long windowFreeBytes) {
		this.lock.lock();
		try {
			long wanted = Long.MAX_VALUE;
			PendingEvent first = this.queue.peekFirst();
			if (first != null) {
				if (EventLifecycle.isDecided(first) || this.parked.isParked(first.topic()) || first.sizeInBytes <= windowFreeBytes) {
					return READY;
				}
				wanted = first.sizeInBytes;
			}
			long parkedWanted = this.parked.roomWanted(windowFreeBytes);
			if (parkedWanted == READY) {
				return READY;
			}
			if (parkedWanted != NOTHING) {
				wanted = Math.min(wanted, parkedWanted);
			}
			return (wanted != Long.MAX_VALUE) ? wanted : NOTHING;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Parks events whose send found no metadata for their topic, in front of the topic's other parked events: they
	 * were taken before those, so this keeps the topic's order. Events beyond the share of a limited topic go to
	 * {@code overflow} for the dispatcher to fail.
	 */
	void park(Map<String, List<PendingEvent>> eventsByTopic, List<PendingEvent> overflow) {
		this.lock.lock();
		try {
			eventsByTopic.forEach((name, events) -> this.parked.park(name, events, overflow));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Puts back events the dispatcher took but could not send (the producer's buffer was full), in front of what
	 * came after them: in front of their topic's parked events if it has some, else at the head of the queue.
	 */
	void requeueFront(List<PendingEvent> events) {
		this.lock.lock();
		try {
			for (int i = events.size() - 1; i >= 0; i--) {
				PendingEvent event = events.get(i);
				if (!this.parked.putBack(event) && EventLifecycle.requeue(event)) {
					this.queue.addFirst(event);
					this.queuedEvents++;
					this.queuedBytes += event.sizeInBytes;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Holds a parked topic to its share of the bounds from now on: the broker answers, but not for this topic. Its
	 * parked events beyond the share, the youngest first, go to {@code overflow} to be failed.
	 */
	void limitParked(String name, List<PendingEvent> overflow) {
		this.lock.lock();
		try {
			this.parked.limit(name, overflow);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Lets the dispatcher send a parked topic's events: its metadata arrived.
	 * @return whether the topic had parked events waiting for it
	 */
	boolean releaseParked(String name) {
		this.lock.lock();
		try {
			return this.parked.release(name);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The topics whose parked events wait for metadata. */
	List<String> topicsAwaitingMetadata() {
		this.lock.lock();
		try {
			return this.parked.awaitingMetadata();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isAwaitingMetadata(String name) {
		this.lock.lock();
		try {
			return this.parked.isAwaitingMetadata(name);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many topics have parked events: the per-topic state the ledger keeps. */
	int parkedTopicCount() {
		this.lock.lock();
		try {
			return this.parked.topicCount();
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
					this.deadlines.remove(event);
					if (event.receipt() != null) {
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
			PendingEvent event = this.deadlines.head();
			while (event != null && event.deadlineNanos - now <= 0) {
				if (expired.size() == MAX_WORK_PER_HOLD) {
					return now;
				}
				PendingEvent next = event.next;
				Stage stage = EventLifecycle.decide(event);
				if (stage != null) {
					this.deadlines.remove(event);
					this.failed++;
					expired.add(event);
					dropClaimed(event, stage);
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

	// Events expire in acceptance order, the order of every FIFO here, so a claimed event is at the head of its FIFO,
	// behind at most other claimed ones: dropping the completed prefix frees it.
	private void dropClaimed(PendingEvent event, Stage stage) {
		if (stage == Stage.QUEUED) {
			PendingEvent first;
			while ((first = this.queue.peekFirst()) != null && EventLifecycle.isDecided(first)) {
				unqueueFirst();
			}
		}
		else if (stage == Stage.PARKED) {
			this.parked.dropCompleted(event.topic());
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
			while (this.deadlines.size() > 0) {
				long remaining = deadlineNanos - System.nanoTime();
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
	 * left, empties the queue.
	 * @return whether more remain to claim
	 */
	boolean claimPending(List<PendingEvent> claimed) {
		this.lock.lock();
		try {
			PendingEvent event = this.deadlines.head();
			while (event != null && claimed.size() < MAX_WORK_PER_HOLD) {
				PendingEvent next = event.next;
				if (EventLifecycle.decide(event) != null) {
					this.deadlines.remove(event);
					this.failed++;
					claimed.add(event);
				}
				event = next;
			}
			if (event != null) {
				return true;
			}
			this.queue.clear();
			this.parked.clear();
			this.queuedEvents = 0;
			this.queuedBytes = 0;
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how long the oldest pending event has waited, or zero when none is pending.
	 */
	long oldestPendingAgeNanos() {
		this.lock.lock();
		try {
			PendingEvent oldest = this.deadlines.head();
			return (oldest != null) ? Math.max(0, System.nanoTime() - oldest.acceptedNanos) : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	int maxQueuedEvents() {
		return this.bounds.maxEvents();
	}

	long maxQueuedBytes() {
		return this.bounds.maxBytes();
	}

	PublisherStats stats(long rejected, long inFlightEvents, long inFlightBytes) {
		this.lock.lock();
		try {
			return new PublisherStats(this.accepted, this.succeeded, this.failed, this.deadlines.size(), rejected,
					this.queuedEvents + this.parked.events(), this.queuedBytes + this.parked.bytes(), inFlightEvents,
					inFlightBytes, this.bounds.events(), this.bounds.bytes());
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signalIfDrained() {
		if (this.closing && this.deadlines.size() == 0) {
			this.drained.signalAll();
		}
	}

	private void unqueueFirst() {
		PendingEvent event = this.queue.pollFirst();
		this.queuedEvents--;
		this.queuedBytes -= event.sizeInBytes;
	}

}
