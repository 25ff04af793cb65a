/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.EventMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the ledger's bookkeeping, without threads or Kafka.
 */
class EventLedgerTests {

	private final PendingBounds bounds = new PendingBounds(10_000, 100L * 1024 * 1024);

	private final EventLedger ledger = new EventLedger(this.bounds, TimeUnit.MILLISECONDS.toNanos(1), 0.25);

	@Test
	void expiryClaimsABoundedNumberOfEventsPerLockHold() {
		for (int i = 0; i < 1_000; i++) {
			offer("orders", i);
		}
		long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		List<PendingEvent> expired = new ArrayList<>();
		List<PendingEvent> claimed = new ArrayList<>();
		int calls = 0;
		long next;
		do {
			expired.clear();
			next = this.ledger.expire(later, expired);
			claimed.addAll(expired);
			calls++;
			assertThat(expired).hasSizeLessThanOrEqualTo(EventLedger.MAX_WORK_PER_HOLD);
		}
		while (next == later);
		assertThat(calls).isGreaterThanOrEqualTo(1_000 / EventLedger.MAX_WORK_PER_HOLD);
		assertThat(next).as("nothing in the deadline list any more").isEqualTo(Long.MAX_VALUE);
		assertThat(this.ledger.stats(0, 0, 0).queuedEvents()).isZero();
		// Claimed, not yet answered: pending until the outcome is counted (it may yet be journaled, not failed).
		assertThat(this.ledger.stats(0, 0, 0).pending()).isEqualTo(1_000);
		assertThat(this.ledger.stats(0, 0, 0).failed()).isZero();

		this.ledger.completed(claimed);

		assertThat(this.ledger.stats(0, 0, 0).failed()).isEqualTo(1_000);
		assertThat(this.ledger.stats(0, 0, 0).pending()).isZero();
		assertThat(this.ledger.stats(0, 0, 0).accepted()).isEqualTo(1_000);
	}

	@Test
	void aTopicWhoseParkedEventsAllExpiredIsForgotten() {
		PendingEvent event = offer("missing", 0);
		List<PendingEvent> batch = new ArrayList<>();
		List<PendingEvent> overflow = new ArrayList<>();
		this.ledger.dispatchQueue().takeBatch(batch, overflow, 16, Long.MAX_VALUE);
		assertThat(batch).containsExactly(event);
		EventLifecycle.park(event);
		this.ledger.dispatchQueue().park(Map.of("missing", List.of(event)), overflow);
		assertThat(this.ledger.dispatchQueue().topicsAwaitingMetadata()).containsExactly("missing");

		List<PendingEvent> expired = new ArrayList<>();
		this.ledger.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), expired);

		assertThat(expired).containsExactly(event);
		assertThat(this.ledger.dispatchQueue().topicsAwaitingMetadata()).isEmpty();
		assertThat(this.ledger.dispatchQueue().parkedTopicCount()).isZero();
		assertThat(this.ledger.stats(0, 0, 0).queuedEvents()).isZero();
	}

	@Test
	void aLimitedTopicKeepsToItsShareAndTheYoungestBeyondItOverflow() {
		List<PendingEvent> events = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			events.add(offer("missing", i));
		}
		List<PendingEvent> batch = new ArrayList<>();
		List<PendingEvent> overflow = new ArrayList<>();
		this.ledger.dispatchQueue().takeBatch(batch, overflow, 16, Long.MAX_VALUE);
		batch.forEach(EventLifecycle::park);
		this.ledger.dispatchQueue().park(Map.of("missing", List.copyOf(batch)), overflow);
		// The rest of the queue joins the parked ones, unlimited while nothing says the topic is missing.
		while (this.ledger.dispatchQueue().roomWanted(Long.MAX_VALUE) == DispatchQueue.READY) {
			List<PendingEvent> nothingToSend = new ArrayList<>();
			this.ledger.dispatchQueue().takeBatch(nothingToSend, overflow, 512, Long.MAX_VALUE);
			assertThat(nothingToSend).isEmpty();
		}
		assertThat(overflow).isEmpty();
		assertThat(this.ledger.stats(0, 0, 0).queuedEvents()).isEqualTo(3_000);

		this.ledger.dispatchQueue().limitParked("missing", overflow);

		List<PendingEvent> youngestFirst = new ArrayList<>(events.subList(2_500, 3_000));
		java.util.Collections.reverse(youngestFirst);
		assertThat(overflow).containsExactlyElementsOf(youngestFirst);
		PendingEvent later = offer("missing", 3_000);
		List<PendingEvent> moreOverflow = new ArrayList<>();
		List<PendingEvent> none = new ArrayList<>();
		this.ledger.dispatchQueue().takeBatch(none, moreOverflow, 16, Long.MAX_VALUE);
		assertThat(none).isEmpty();
		assertThat(moreOverflow).containsExactly(later);
	}

	private PendingEvent offer(String topic, int sequence) {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, 0L, null, new byte[100],
				new RecordHeaders());
		PendingEvent event = new PendingEvent(EventMessage.of("event-" + sequence), "id-" + sequence, "type", null,
				record, 200, null, (pending) -> {
				});
		assertThat(this.ledger.offer(event, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		return event;
	}

}
