/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events parked per topic until the topic's metadata arrives, each topic's in its order. Part of the
 * {@link EventLedger}, and guarded by its lock.
 * <p>
 * A topic waits for its metadata until the prober {@linkplain #release releases} it; only released topics are looked
 * at when the dispatcher takes events, so that thousands of topics waiting cost it nothing. Once the broker answers,
 * but not for a topic, that topic is {@linkplain #limit limited} to a share of the queue's bounds: beyond it its
 * events overflow, to be failed at once. A topic with no parked event left is forgotten.
 */
final class ParkedTopics {

	private final Map<String, Topic> parked = new HashMap<>();

	// The parked topics whose metadata arrived, in the order it did.
	private final Map<String, Topic> released = new LinkedHashMap<>();

	private final int maxEventsPerTopic;

	private final long maxBytesPerTopic;

	private int events;

	private long bytes;

	ParkedTopics(int maxEventsPerTopic, long maxBytesPerTopic) {
		this.maxEventsPerTopic = maxEventsPerTopic;
		this.maxBytesPerTopic = maxBytesPerTopic;
	}

	int events() {
		return this.events;
	}

	long bytes() {
		return this.bytes;
	}

	int topicCount() {
		return this.parked.size();
	}

	boolean isParked(String name) {
		return !this.parked.isEmpty() && this.parked.containsKey(name);
	}

	/**
	 * Puts a queued event behind its topic's parked events, which keeps the topic's order.
	 * @return {@code false} when the event is beyond the share of its limited topic, and must be failed instead
	 */
	boolean join(PendingEvent event) {
		Topic topic = this.parked.get(event.topic());
		if (!topic.released && topic.limited && !topic.hasRoomFor(event)) {
			return false;
		}
		if (EventLifecycle.park(event)) {
			addLast(topic, event);
		}
		return true;
	}

	/**
	 * Moves events of released topics into {@code batch}, in each topic's order, as long as they fit
	 * {@code windowFreeBytes} and the batch is below {@code budget}.
	 * @return the bytes of the events moved
	 */
	long takeReleased(List<PendingEvent> batch, int budget, long windowFreeBytes) {
		long taken = 0;
		for (Iterator<Topic> topics = this.released.values().iterator(); topics.hasNext()
				&& batch.size() < budget;) {
			Topic topic = topics.next();
			PendingEvent event;
			while (batch.size() < budget && (event = topic.events.peekFirst()) != null) {
				if (!EventLifecycle.isDecided(event)) {
					if (taken + event.sizeInBytes > windowFreeBytes) {
						break;
					}
					batch.add(event);
					taken += event.sizeInBytes;
				}
				removeFirst(topic);
			}
			if (topic.events.isEmpty()) {
				topics.remove();
				this.parked.remove(topic.name);
			}
		}
		return taken;
	}

	/**
	 * What {@link #takeReleased} would find: {@link EventLedger#READY}, {@link EventLedger#NOTHING}, or the bytes the
	 * smallest first event of a released topic needs.
	 */
	long roomWanted(long windowFreeBytes) {
		long wanted = Long.MAX_VALUE;
		for (Topic topic : this.released.values()) {
			PendingEvent first = topic.events.peekFirst();
			if (first == null || EventLifecycle.isDecided(first) || first.sizeInBytes <= windowFreeBytes) {
				return DispatchQueue.READY;
			}
			wanted = Math.min(wanted, first.sizeInBytes);
		}
		return (wanted != Long.MAX_VALUE) ? wanted : DispatchQueue.NOTHING;
	}

	/**
	 * Parks events whose send found no metadata for their topic, in front of the topic's other parked events: they
	 * were taken before those. The topic then waits for its metadata again; events beyond the share of a limited
	 * topic, the youngest first, go to {@code overflow}.
	 */
	void park(String name, List<PendingEvent> events, List<PendingEvent> overflow) {
		Topic topic = this.parked.computeIfAbsent(name, Topic::new);
		if (topic.released) {
			topic.released = false;
			this.released.remove(name);
		}
		for (int i = events.size() - 1; i >= 0; i--) {
			PendingEvent event = events.get(i);
			if (!EventLifecycle.isDecided(event)) {
				addFirst(topic, event);
			}
		}
		trimToShare(topic, overflow);
	}

	/**
	 * Puts back an event the dispatcher took but could not send, in front of its topic's parked events.
	 * @return {@code false} when its topic has no parked events: it goes back to the queue instead
	 */
	boolean putBack(PendingEvent event) {
		Topic topic = this.parked.get(event.topic());
		if (topic == null) {
			return false;
		}
		if (EventLifecycle.park(event)) {
			addFirst(topic, event);
		}
		return true;
	}

	/** Holds a topic to its share from now on; its events beyond it, the youngest first, go to {@code overflow}. */
	void limit(String name, List<PendingEvent> overflow) {
		Topic topic = this.parked.get(name);
		if (topic == null || topic.released) {
			return;
		}
		topic.limited = true;
		trimToShare(topic, overflow);
	}

	/** Releases a topic whose metadata arrived; {@code false} when it had no events waiting for it. */
	boolean release(String name) {
		Topic topic = this.parked.get(name);
		if (topic == null || topic.released) {
			return false;
		}
		topic.released = true;
		this.released.put(name, topic);
		return true;
	}

	List<String> awaitingMetadata() {
		List<String> names = new ArrayList<>(this.parked.size());
		this.parked.forEach((name, topic) -> {
			if (!topic.released) {
				names.add(name);
			}
		});
		return names;
	}

	boolean isAwaitingMetadata(String name) {
		Topic topic = this.parked.get(name);
		return topic != null && !topic.released;
	}

	/**
	 * Drops the completed events at the head of a topic's parked events, after the deadline claimed one of them:
	 * events expire in acceptance order, so they form a prefix. A topic left with none is forgotten.
	 */
	void dropCompleted(String name) {
		Topic topic = this.parked.get(name);
		if (topic == null) {
			return; // still with the dispatcher, which parks only events that are not done
		}
		PendingEvent first;
		while ((first = topic.events.peekFirst()) != null && EventLifecycle.isDecided(first)) {
			removeFirst(topic);
		}
		forgetIfEmpty(topic);
	}

	void clear() {
		this.parked.clear();
		this.released.clear();
		this.events = 0;
		this.bytes = 0;
	}

	private void trimToShare(Topic topic, List<PendingEvent> overflow) {
		PendingEvent youngest;
		while (topic.limited && topic.isOverShare() && (youngest = topic.events.peekLast()) != null) {
			topic.events.pollLast();
			removed(topic, youngest);
			if (!EventLifecycle.isDecided(youngest)) {
				overflow.add(youngest);
			}
		}
		forgetIfEmpty(topic);
	}

	private void forgetIfEmpty(Topic topic) {
		if (topic.events.isEmpty()) {
			this.parked.remove(topic.name);
			this.released.remove(topic.name);
		}
	}

	private void addFirst(Topic topic, PendingEvent event) {
		topic.events.addFirst(event);
		added(topic, event);
	}

	private void addLast(Topic topic, PendingEvent event) {
		topic.events.addLast(event);
		added(topic, event);
	}

	private void removeFirst(Topic topic) {
		removed(topic, topic.events.pollFirst());
	}

	private void added(Topic topic, PendingEvent event) {
		topic.bytes += event.sizeInBytes;
		this.events++;
		this.bytes += event.sizeInBytes;
	}

	private void removed(Topic topic, PendingEvent event) {
		topic.bytes -= event.sizeInBytes;
		this.events--;
		this.bytes -= event.sizeInBytes;
	}

	/** The parked events of one topic, and whether its metadata arrived. */
	private final class Topic {

		final String name;

		final ArrayDeque<PendingEvent> events = new ArrayDeque<>();

		long bytes;

		boolean released;

		// Whether the share per topic applies: the broker answered, but had no metadata for this topic.
		boolean limited;

		Topic(String name) {
			this.name = name;
		}

		boolean hasRoomFor(PendingEvent event) {
			return this.events.size() < ParkedTopics.this.maxEventsPerTopic
					&& this.bytes + event.sizeInBytes <= ParkedTopics.this.maxBytesPerTopic;
		}

		boolean isOverShare() {
			return this.events.size() > ParkedTopics.this.maxEventsPerTopic
					|| this.bytes > ParkedTopics.this.maxBytesPerTopic;
		}

	}

}
