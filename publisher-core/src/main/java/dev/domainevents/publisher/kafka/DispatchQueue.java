/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

/**
 * The events not yet handed to the producer: the FIFO of new events and, per topic without metadata, a FIFO of parked
 * events in the {@link ParkedTopics}. It shares the {@link EventLedger}'s lock, so that the ledger's counts and the
 * queue change together: the methods the dispatcher and the prober call take the lock; those the ledger calls expect
 * it held.
 * <p>
 * An event leaves it when the dispatcher takes it, or lazily once decided: whoever meets a decided event drops it.
 */
final class DispatchQueue {

	/** {@link #roomWanted}: {@link #takeBatch} has something to do now. */
	static final long READY = 0;

	/** {@link #roomWanted}: {@link #takeBatch} has nothing to do, whatever room the window has. */
	static final long NOTHING = -1;

	private final ReentrantLock lock;

	private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>();

	private final ParkedTopics parked;

	private int queuedEvents;

	private long queuedBytes;

	DispatchQueue(ReentrantLock lock, int maxParkedEventsPerTopic, long maxParkedBytesPerTopic) {
		this.lock = lock;
		this.parked = new ParkedTopics(maxParkedEventsPerTopic, maxParkedBytesPerTopic);
	}

	// Called by the ledger, which holds the lock.

	void add(PendingEvent event) {
		this.queue.addLast(event);
		this.queuedEvents++;
		this.queuedBytes += event.sizeInBytes;
	}

	/**
	 * Drops an event decided in the given stage. Events are decided by deadline in acceptance order, the order of
	 * every FIFO here, so such an event is at the head of its FIFO, behind at most other decided ones: dropping the
	 * decided prefix frees it.
	 */
	void dropDecided(PendingEvent event, Stage stage) {
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

	void clear() {
		this.queue.clear();
		this.parked.clear();
		this.queuedEvents = 0;
		this.queuedBytes = 0;
	}

	long events() {
		return this.queuedEvents + this.parked.events();
	}

	long bytes() {
		return this.queuedBytes + this.parked.bytes();
	}

	// Called by the dispatcher and the prober: each takes the lock.

	/**
	 * Moves the events the dispatcher may send now into {@code batch}: first those of parked topics whose metadata
	 * arrived (they are older than anything of their topic still in the queue), then the queue's, in order, as long
	 * as they fit the in-flight window. A queued event of a topic that still has parked events joins them, so its
	 * topic's order, and with it every key's order, is kept; one beyond its topic's share goes to {@code overflow}
	 * instead, for the dispatcher to fail. Events taken leave the queue.
	 */
	void takeBatch(List<PendingEvent> batch, List<PendingEvent> overflow, int maxBatch, long windowFreeBytes) {
		int budget = Math.min(maxBatch, EventLedger.MAX_WORK_PER_HOLD * 2);
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
				if (EventLifecycle.isDecided(first) || this.parked.isParked(first.topic())
						|| first.sizeInBytes <= windowFreeBytes) {
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

	private void unqueueFirst() {
		PendingEvent event = this.queue.pollFirst();
		this.queuedEvents--;
		this.queuedBytes -= event.sizeInBytes;
	}

}
