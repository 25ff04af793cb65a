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
 * The keys that have events waiting in the journal, each with how many: a later event with such a key (same topic,
 * same key) goes to the journal behind them rather than to Kafka before them, until the replay has published them.
 * <p>
 * A journal opened with more keys than are worth counting fences every keyed event instead, until the replay has
 * passed the last position held at open. Empty, it costs a caller one volatile read.
 */
final class KeyFence {

	/** {@link dev.domainevents.publisher.journal.Journal#keysHeldAtOpen()}'s entry that means "every key". */
	static final String ALL_KEYS = "*";

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final AtomicInteger keys = new AtomicInteger();

	// Every keyed event is fenced while the replay has not reached this position; -1 when none is.
	private volatile long fenceAllBelow = -1;

	void restore(Map<String, Integer> keysHeld, long nextPosition) {
		keysHeld.forEach((key, count) -> {
			if (ALL_KEYS.equals(key)) {
				this.fenceAllBelow = nextPosition;
			}
			else {
				add(key, count);
			}
		});
	}

	boolean isEmpty() {
		return this.keys.get() == 0 && this.fenceAllBelow < 0;
	}

	int size() {
		return this.keys.get();
	}

	boolean isFenced(String topic, @Nullable String key) {
		if (key == null || isEmpty()) {
			return false;
		}
		return this.fenceAllBelow >= 0 || this.counts.containsKey(fenceKey(topic, key));
	}

	void add(String topic, @Nullable String key) {
		if (key != null) {
			add(fenceKey(topic, key), 1);
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
		this.counts.computeIfPresent(fenceKey(topic, key), (name, count) -> {
			if (count.decrementAndGet() > 0) {
				return count;
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

	private void add(String fenceKey, int count) {
		this.counts.compute(fenceKey, (name, current) -> {
			if (current == null) {
				this.keys.incrementAndGet();
				return new AtomicInteger(count);
			}
			current.addAndGet(count);
			return current;
		});
	}

	private static String fenceKey(String topic, String key) {
		return topic + '\0' + key;
	}

}
