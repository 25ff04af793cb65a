/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.PublisherStats;

/**
 * The bounded queue and the ledger of every accepted event, behind one lock.
 * <p>
 * The queue holds events not yet handed to the producer: the FIFO of new events and, per topic without metadata,
 * a FIFO of parked events. It is bounded in events and in estimated record bytes; when a new event does not fit, the
 * caller is told at once, or waits for space, as its {@link dev.domainevents.publisher.OverflowPolicy} says.
 * <p>
 * The deadline list links every pending event (queued, parked or in flight) in acceptance order. Since every
 * deadline is its acceptance time plus the same delivery timeout, acceptance order is deadline order: the deadline
 * timer only ever looks at the head, and completing an event unlinks it in constant time. The list's length is the
 * pending count, so {@code accepted == succeeded + failed + pending} holds in every snapshot taken under the lock.
 * <p>
 * No I/O and no user code ever runs under the lock.
 */
final class EventLedger {

	enum Admission {

		ACCEPTED, FULL, CLOSING, INTERRUPTED

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	private final Condition drained = this.lock.newCondition();

	private final int maxQueuedEvents;

	private final long maxQueuedBytes;

	private final long deliveryTimeoutNanos;

	// Guarded by lock from here on.
	private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>();

	private final Map<String, ArrayDeque<PendingEvent>> parked = new LinkedHashMap<>();

	private int queuedEvents;

	private long queuedBytes;

	private @Nullable PendingEvent head;

	private @Nullable PendingEvent tail;

	private long pending;

	private long accepted;

	private long succeeded;

	private long failed;

	private int waitingCallers;

	private volatile boolean closing;

	EventLedger(int maxQueuedEvents, long maxQueuedBytes, long deliveryTimeoutNanos) {
		this.maxQueuedEvents = maxQueuedEvents;
		this.maxQueuedBytes = maxQueuedBytes;
		this.deliveryTimeoutNanos = deliveryTimeoutNanos;
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Admits an event into the queue, waiting up to {@code maxWaitNanos} for space when that is positive. The event's
	 * deadline starts when it is accepted, not while its caller waits.
	 */
	Admission offer(PendingEvent event, long maxWaitNanos) {
		this.lock.lock();
		try {
			if (this.closing) {
				return Admission.CLOSING;
			}
			if (!hasRoomFor(event)) {
				Admission waited = awaitRoom(event, maxWaitNanos);
				if (waited != Admission.ACCEPTED) {
					return waited;
				}
			}
			event.acceptedNanos = System.nanoTime();
			event.deadlineNanos = event.acceptedNanos + this.deliveryTimeoutNanos;
			this.queue.addLast(event);
			this.queuedEvents++;
			this.queuedBytes += event.sizeInBytes;
			link(event);
			this.accepted++;
			return Admission.ACCEPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Admission awaitRoom(PendingEvent event, long maxWaitNanos) {
		long remaining = maxWaitNanos;
		this.waitingCallers++;
		try {
			while (!hasRoomFor(event)) {
				if (remaining <= 0) {
					return Admission.FULL;
				}
				remaining = this.notFull.awaitNanos(remaining);
				if (this.closing) {
					return Admission.CLOSING;
				}
			}
			return Admission.ACCEPTED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Admission.INTERRUPTED;
		}
		finally {
			this.waitingCallers--;
		}
	}

	private boolean hasRoomFor(PendingEvent event) {
		return this.queuedEvents < this.maxQueuedEvents && this.queuedBytes + event.sizeInBytes <= this.maxQueuedBytes;
	}

	/**
	 * Moves the events the dispatcher may send now into {@code batch}: first those of parked topics whose metadata
	 * arrived (they are older than anything of their topic still in the queue), then the queue's, in order, as long
	 * as they fit the in-flight window. A queued event of a topic that still has parked events joins them, so its
	 * topic's order, and with it every key's order, is kept. Events taken leave the queue's bounds.
	 */
	void takeBatch(List<PendingEvent> batch, int maxBatch, long windowFreeBytes, Set<String> topicsWithoutMetadata) {
		long bytes = 0;
		boolean released = false;
		this.lock.lock();
		try {
			if (!this.parked.isEmpty()) {
				for (Iterator<Map.Entry<String, ArrayDeque<PendingEvent>>> topics = this.parked.entrySet().iterator();
						topics.hasNext();) {
					Map.Entry<String, ArrayDeque<PendingEvent>> topic = topics.next();
					ArrayDeque<PendingEvent> events = topic.getValue();
					released |= purgeCompleted(events);
					if (topicsWithoutMetadata.contains(topic.getKey())) {
						continue;
					}
					PendingEvent event;
					while (batch.size() < maxBatch && (event = events.peekFirst()) != null
							&& bytes + event.sizeInBytes <= windowFreeBytes) {
						events.pollFirst();
						unqueue(event);
						batch.add(event);
						bytes += event.sizeInBytes;
						released = true;
					}
					if (events.isEmpty()) {
						topics.remove();
					}
				}
			}
			int looked = 0;
			PendingEvent event;
			while (batch.size() < maxBatch && looked++ < 4 * maxBatch && (event = this.queue.peekFirst()) != null) {
				if (event.isDone()) {
					this.queue.pollFirst();
					unqueue(event);
					released = true;
					continue;
				}
				ArrayDeque<PendingEvent> parkedEvents = this.parked.isEmpty() ? null : this.parked.get(event.topic());
				if (parkedEvents != null) {
					this.queue.pollFirst();
					event.moveStage(PendingEvent.QUEUED, PendingEvent.PARKED);
					parkedEvents.addLast(event);
					continue;
				}
				if (bytes + event.sizeInBytes > windowFreeBytes) {
					break;
				}
				this.queue.pollFirst();
				unqueue(event);
				batch.add(event);
				bytes += event.sizeInBytes;
				released = true;
			}
			if (released) {
				signalSpace();
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
	 * to send or expired ones to drop ({@link #READY}), none ({@link #NOTHING}, or only events of topics without
	 * metadata), or events that wait for room in the in-flight window.
	 * @return {@link #READY}, {@link #NOTHING}, or the bytes the first waiting event needs
	 */
	long roomWanted(long windowFreeBytes, Set<String> topicsWithoutMetadata) {
		this.lock.lock();
		try {
			long wanted = Long.MAX_VALUE;
			PendingEvent first = this.queue.peekFirst();
			if (first != null) {
				if (first.isDone() || this.parked.containsKey(first.topic()) || first.sizeInBytes <= windowFreeBytes) {
					return READY;
				}
				wanted = first.sizeInBytes;
			}
			for (Map.Entry<String, ArrayDeque<PendingEvent>> topic : this.parked.entrySet()) {
				if (topicsWithoutMetadata.contains(topic.getKey())) {
					continue;
				}
				PendingEvent parkedFirst = topic.getValue().peekFirst();
				if (parkedFirst == null || parkedFirst.sizeInBytes <= windowFreeBytes) {
					return READY;
				}
				wanted = Math.min(wanted, parkedFirst.sizeInBytes);
			}
			return (wanted != Long.MAX_VALUE) ? wanted : NOTHING;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Parks events whose send found no metadata for their topic, in front of the topic's other parked events: they
	 * were taken before those, so this keeps the topic's order.
	 */
	void park(Map<String, List<PendingEvent>> eventsByTopic) {
		this.lock.lock();
		try {
			eventsByTopic.forEach((topic, events) -> {
				ArrayDeque<PendingEvent> parkedEvents = this.parked.computeIfAbsent(topic, (t) -> new ArrayDeque<>());
				for (int i = events.size() - 1; i >= 0; i--) {
					PendingEvent event = events.get(i);
					parkedEvents.addFirst(event);
					this.queuedEvents++;
					this.queuedBytes += event.sizeInBytes;
				}
			});
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records the completion of events whose outcome a completer decided with {@link PendingEvent#markDone()}: a
	 * success when the event has a receipt.
	 */
	void completed(List<PendingEvent> events) {
		this.lock.lock();
		try {
			for (PendingEvent event : events) {
				unlink(event);
				if (event.receipt() != null) {
					this.succeeded++;
				}
				else {
					this.failed++;
				}
			}
			if (this.closing && this.pending == 0) {
				this.drained.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Claims every pending event whose deadline passed, and frees the queue space of expired queued events.
	 * @param now the current {@link System#nanoTime()}
	 * @param expired receives the claimed events; each has its {@link PendingEvent#stageWhenDone}
	 * @return the {@link System#nanoTime()} at which to look again
	 */
	long expire(long now, List<PendingEvent> expired) {
		this.lock.lock();
		try {
			PendingEvent event = this.head;
			while (event != null && event.deadlineNanos - now <= 0) {
				PendingEvent next = event.next;
				int stage = event.markDone();
				if (stage != PendingEvent.DONE) {
					event.stageWhenDone = stage;
					unlink(event);
					this.failed++;
					expired.add(event);
				}
				event = next;
			}
			if (!expired.isEmpty()) {
				boolean released = purgeCompleted(this.queue);
				for (ArrayDeque<PendingEvent> parkedEvents : this.parked.values()) {
					released |= purgeCompleted(parkedEvents);
				}
				if (released) {
					signalSpace();
				}
				if (this.closing && this.pending == 0) {
					this.drained.signalAll();
				}
			}
			PendingEvent first = this.head;
			if (first == null) {
				return now + this.deliveryTimeoutNanos;
			}
			// A head already claimed by a completer that waits for this lock leaves the list in a moment.
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
			this.notFull.signalAll();
			if (this.pending == 0) {
				this.drained.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean awaitDrained(long deadlineNanos) {
		this.lock.lock();
		try {
			while (this.pending > 0) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				this.drained.awaitNanos(remaining);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.pending == 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Claims every event still pending, for the shutdown to fail them, and empties the queue.
	 */
	List<PendingEvent> claimAllPending() {
		List<PendingEvent> claimed = new ArrayList<>();
		this.lock.lock();
		try {
			PendingEvent event = this.head;
			while (event != null) {
				PendingEvent next = event.next;
				int stage = event.markDone();
				if (stage != PendingEvent.DONE) {
					event.stageWhenDone = stage;
					unlink(event);
					this.failed++;
					claimed.add(event);
				}
				event = next;
			}
			this.queue.clear();
			this.parked.clear();
			this.queuedEvents = 0;
			this.queuedBytes = 0;
			return claimed;
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
			PendingEvent oldest = this.head;
			return (oldest != null) ? Math.max(0, System.nanoTime() - oldest.acceptedNanos) : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	int maxQueuedEvents() {
		return this.maxQueuedEvents;
	}

	long maxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	PublisherStats stats(long rejected, long inFlightEvents, long inFlightBytes) {
		this.lock.lock();
		try {
			return new PublisherStats(this.accepted, this.succeeded, this.failed, this.pending, rejected,
					this.queuedEvents, this.queuedBytes, inFlightEvents, inFlightBytes);
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean purgeCompleted(ArrayDeque<PendingEvent> events) {
		// Events expire in acceptance order, which is the order of every FIFO here, so expired ones form a prefix.
		boolean released = false;
		PendingEvent event;
		while ((event = events.peekFirst()) != null && event.isDone()) {
			events.pollFirst();
			unqueue(event);
			released = true;
		}
		return released;
	}

	private void unqueue(PendingEvent event) {
		this.queuedEvents--;
		this.queuedBytes -= event.sizeInBytes;
	}

	private void signalSpace() {
		if (this.waitingCallers > 0) {
			this.notFull.signalAll();
		}
	}

	private void link(PendingEvent event) {
		PendingEvent last = this.tail;
		event.previous = last;
		event.next = null;
		if (last == null) {
			this.head = event;
		}
		else {
			last.next = event;
		}
		this.tail = event;
		event.linked = true;
		this.pending++;
	}

	private void unlink(PendingEvent event) {
		if (!event.linked) {
			return;
		}
		PendingEvent before = event.previous;
		PendingEvent after = event.next;
		if (before == null) {
			this.head = after;
		}
		else {
			before.next = after;
		}
		if (after == null) {
			this.tail = before;
		}
		else {
			after.previous = before;
		}
		event.previous = null;
		event.next = null;
		event.linked = false;
		this.pending--;
	}

}
