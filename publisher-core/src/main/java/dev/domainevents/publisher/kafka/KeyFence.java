/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The keys that have events waiting in the journal, each with how many and when the oldest of them was accepted: an
 * event with such a key (same topic, same key) accepted after that goes to the journal behind them rather than to
 * Kafka before them, until the replay has published them. An event accepted before it (still queued when a newer one
 * went to the journal because the queue was full) goes on to Kafka: the newer one's replay enters the queue behind it.
 * <p>
 * A journal opened with more keys than are worth counting fences every keyed event instead, until the replay has
 * passed the last position held at open. Empty, it costs a caller one volatile read.
 */
final class KeyFence {

	/** {@link dev.domainevents.publisher.journal.Journal#keysHeldAtOpen()}'s entry that means "every key". */
	static final String ALL_KEYS = "*";

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private final AtomicInteger keys = new AtomicInteger();

	// Every keyed event is fenced while the replay has not reached this position; -1 when none is.
	private volatile long fenceAllBelow = -1;

	void restore(Map<String, Integer> keysHeld, long nextPosition) {
		keysHeld.forEach((key, count) -> {
			if (ALL_KEYS.equals(key)) {
				this.fenceAllBelow = nextPosition;
			}
			else {
				add(key, count, 0);
				this.held.get(key).heldAtOpen = true;
			}
		});
	}

	boolean isEmpty() {
		return this.keys.get() == 0 && this.fenceAllBelow < 0;
	}

	int size() {
		return this.keys.get();
	}

	/** Whether an event not yet accepted must go behind journaled events of its key. */
	boolean isFenced(String topic, @Nullable String key) {
		if (key == null || isEmpty()) {
			return false;
		}
		return this.fenceAllBelow >= 0 || this.held.containsKey(fenceKey(topic, key));
	}

	/** Whether an event accepted at the given {@link System#nanoTime()} must go behind journaled events of its key. */
	boolean isFencedAfter(String topic, @Nullable String key, long acceptedNanos) {
		if (key == null || isEmpty()) {
			return false;
		}
		if (this.fenceAllBelow >= 0) {
			return true;
		}
		Held entry = this.held.get(fenceKey(topic, key));
		return entry != null && (entry.heldAtOpen || entry.oldestAcceptedNanos - acceptedNanos < 0);
	}

	void add(String topic, @Nullable String key, long acceptedNanos) {
		if (key != null) {
			add(fenceKey(topic, key), 1, acceptedNanos);
		}
	}

	void remove(String topic, byte @Nullable [] key) {
		if (key != null) {
			remove(topic, new String(key, StandardCharsets.UTF_8));
		}
	}

	void remove(String topic, @Nullable String key) {
		if (key == null) {
			return;
		}
		this.held.computeIfPresent(fenceKey(topic, key), (name, entry) -> {
			if (--entry.count > 0) {
				return entry;
			}
			this.keys.decrementAndGet();
			return null;
		});
	}

	/** The replay has published everything before this position. */
	void replayedUpTo(long firstUnacknowledged) {
		long below = this.fenceAllBelow;
		if (below >= 0 && firstUnacknowledged >= below) {
			this.fenceAllBelow = -1;
		}
	}

	private void add(String fenceKey, int count, long acceptedNanos) {
		this.held.compute(fenceKey, (name, current) -> {
			if (current == null) {
				this.keys.incrementAndGet();
				return new Held(count, acceptedNanos);
			}
			current.count += count;
			if (acceptedNanos - current.oldestAcceptedNanos < 0) {
				current.oldestAcceptedNanos = acceptedNanos;
			}
			return current;
		});
	}

	// Changed only inside the map's compute functions, which lock the entry.
	private static final class Held {

		int count;

		volatile long oldestAcceptedNanos;

		// Journaled by an earlier run: older than every event of this one (nano times of two runs do not compare).
		volatile boolean heldAtOpen;

		Held(int count, long oldestAcceptedNanos) {
			this.count = count;
			this.oldestAcceptedNanos = oldestAcceptedNanos;
		}

	}

	private static String fenceKey(String topic, String key) {
		return topic + '\0' + key;
	}

}
