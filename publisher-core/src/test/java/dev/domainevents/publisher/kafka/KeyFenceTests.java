/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFenceTests {

	private final KeyFence fence = new KeyFence();

	@Test
	void anEmptyFenceFencesNothing() {
		assertThat(this.fence.isEmpty()).isTrue();
		assertThat(this.fence.isFenced("orders", "a")).isFalse();
		assertThat(this.fence.isFencedAfter("orders", "a", 42)).isFalse();
	}

	@Test
	void aJournaledKeyFencesNewEventsAndQueuedOnesAcceptedAfterItButNotBefore() {
		this.fence.add("orders", "a", 1_000);

		assertThat(this.fence.isFenced("orders", "a")).as("a new event").isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", 2_000)).as("queued, accepted after").isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", 500))
			.as("queued, accepted before: its journaled successor's replay queues behind it")
			.isFalse();
		assertThat(this.fence.isFenced("orders", "b")).as("another key").isFalse();
		assertThat(this.fence.isFenced("payments", "a")).as("the same key of another topic").isFalse();
		assertThat(this.fence.isFenced("orders", null)).as("no key").isFalse();
	}

	@Test
	void theOldestAcceptanceCountsAndTheFenceLiftsWhenTheLastOneIsReplayed() {
		this.fence.add("orders", "a", 2_000);
		this.fence.add("orders", "a", 1_000);
		assertThat(this.fence.isFencedAfter("orders", "a", 1_500)).isTrue();
		assertThat(this.fence.size()).isOne();

		this.fence.remove("orders", "a".getBytes(StandardCharsets.UTF_8));
		assertThat(this.fence.isFenced("orders", "a")).as("one still held").isTrue();
		this.fence.remove("orders", "a");
		assertThat(this.fence.isFenced("orders", "a")).isFalse();
		assertThat(this.fence.isEmpty()).isTrue();
	}

	@Test
	void nanoTimesOnEitherSideOfZeroCompareInOrder() {
		this.fence.add("orders", "a", -5);

		assertThat(this.fence.isFencedAfter("orders", "a", 5)).isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", -10)).isFalse();
	}

	@Test
	void keysHeldByAnEarlierRunFenceEveryEventOfThisOne() {
		// Nano times of two runs do not compare: whatever this run accepted comes after what the journal held.
		this.fence.restore(Map.of("orders\0a", 3), 10);

		assertThat(this.fence.isFenced("orders", "a")).isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", Long.MIN_VALUE)).isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", Long.MAX_VALUE)).isTrue();
		assertThat(this.fence.isFencedAfter("orders", "a", 0)).isTrue();
	}

	@Test
	void tooManyKeysHeldAtOpenFenceEveryKeyedEventUntilTheReplayPassesThem() {
		this.fence.restore(Map.of(KeyFence.ALL_KEYS, 1), 100);

		assertThat(this.fence.isFenced("orders", "any")).isTrue();
		assertThat(this.fence.isFenced("orders", null)).isFalse();
		this.fence.replayedUpTo(99);
		assertThat(this.fence.isFenced("orders", "any")).isTrue();
		this.fence.replayedUpTo(100);
		assertThat(this.fence.isFenced("orders", "any")).isFalse();
	}

}
