/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's parking and release, one step at a time on the test's thread, with a producer that answers only
 * when told.
 */
class DispatcherTests {

	private final ManualPipeline pipeline = new ManualPipeline("orders", "payments");

	@Test
	void theFirstEventsOfATopicWaitForItsMetadataThenGoInOrder() {
		acceptOrders(3);
		this.pipeline.dispatch();
		assertThat(this.pipeline.sentValues()).isEmpty();
		assertThat(this.pipeline.ledger.dispatchQueue().topicsAwaitingMetadata()).containsExactly("orders");

		this.pipeline.dispatcher.metadataArrived("orders");
		this.pipeline.dispatch();

		assertThat(this.pipeline.sentValues()).containsExactly("event-1", "event-2", "event-3");
		assertThat(this.pipeline.ledger.dispatchQueue().parkedTopicCount()).isZero();
	}

	@Test
	void eventsAcceptedWhileTheirTopicIsParkedStayBehindTheParkedOnes() {
		acceptOrders(2);
		this.pipeline.dispatch();
		acceptOrders(2);
		this.pipeline.dispatch();
		assertThat(this.pipeline.sentValues()).isEmpty();

		this.pipeline.dispatcher.metadataArrived("orders");
		this.pipeline.dispatch();

		assertThat(this.pipeline.sentValues()).containsExactly("event-1", "event-2", "event-3", "event-4");
	}

	@Test
	void aParkedTopicDoesNotHoldUpAnother() {
		this.pipeline.dispatcher.metadataArrived("payments");
		this.pipeline.accept("orders", "c-1");
		this.pipeline.accept("payments", "p-1");

		this.pipeline.dispatch();

		assertThat(this.pipeline.sentValues()).containsExactly("event-2");
	}

	@Test
	void aFullProducerBufferPutsTheEventsBackInTheirOrder() {
		this.pipeline.dispatcher.metadataArrived("orders");
		AtomicInteger refusals = new AtomicInteger(2);
		this.pipeline.producer.sendFailure = (record) -> (refusals.getAndDecrement() > 0)
				? new BufferExhaustedException("Failed to allocate memory within the configured max blocking time")
				: null;
		acceptOrders(3);

		this.pipeline.dispatch();

		assertThat(this.pipeline.sentValues()).containsExactly("event-1", "event-2", "event-3");
		assertThat(this.pipeline.ledger.dispatchQueue().parkedTopicCount()).as("a full buffer parks no topic").isZero();
	}

	@Test
	void anEventWhoseSendFindsNoMetadataIsParkedInFrontOfItsTopicsLaterEvents() {
		this.pipeline.dispatcher.metadataArrived("orders");
		AtomicInteger misses = new AtomicInteger(1);
		this.pipeline.producer.sendFailure = (record) -> (misses.getAndDecrement() > 0)
				? new TimeoutException("Topic orders not present in metadata after 50 ms.") : null;
		acceptOrders(3);

		this.pipeline.dispatch();
		assertThat(this.pipeline.sentValues()).isEmpty();
		this.pipeline.dispatcher.metadataArrived("orders");
		this.pipeline.dispatch();

		assertThat(this.pipeline.sentValues()).containsExactly("event-1", "event-2", "event-3");
	}

	@Test
	void aTopicTheBrokerDoesNotKnowIsHeldToItsShareWhileOtherTopicsFlow() {
		this.pipeline.dispatcher.metadataArrived("orders");
		List<PendingEvent> missing = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			missing.add(this.pipeline.accept("missing", "m-" + i));
		}
		this.pipeline.dispatch();

		this.pipeline.dispatcher.metadataMissing("missing");
		PendingEvent order = this.pipeline.accept("orders", "c-1");
		this.pipeline.dispatch();
		this.pipeline.producer.completeNext();
		this.pipeline.executor.runAll();

		int share = (int) (this.pipeline.bounds.maxEvents() * 0.25);
		assertThat(missing.subList(0, share)).allSatisfy((event) -> assertThat(event.future).isNotDone());
		assertThat(missing.subList(share, missing.size())).allSatisfy((event) -> assertThat(
				failureOf(event).getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE));
		assertThat(order.future).isCompleted();
	}

	@Test
	void whileNoTopicHasMetadataAMissingTopicIsNotLimited() {
		for (int i = 0; i < 400; i++) {
			this.pipeline.accept("missing", "m-" + i);
		}
		this.pipeline.dispatch();

		this.pipeline.dispatcher.metadataMissing("missing");
		this.pipeline.executor.runAll();

		assertThat(this.pipeline.ledger.stats(0, 0, 0).failed()).as("a broker down at startup fails no topic early")
			.isZero();
	}

	@Test
	void aDeniedTopicFailsItsEventAsNotRetriableAndTheNextOneWithoutAnotherSend() {
		this.pipeline.dispatcher.metadataArrived("orders");
		this.pipeline.producer.sendFailure = (record) -> new TopicAuthorizationException(
				"Not authorized to access topics: [orders]");
		PendingEvent first = this.pipeline.accept("orders", "c-1");
		this.pipeline.dispatch();
		this.pipeline.producer.sendFailure = (record) -> null;
		PendingEvent second = this.pipeline.accept("orders", "c-2");
		this.pipeline.dispatch();
		this.pipeline.executor.runAll();

		assertThat(failureOf(first).getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(failureOf(first).isRetriable()).isFalse();
		assertThat(failureOf(second).getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(this.pipeline.sentValues()).isEmpty();
	}

	private void acceptOrders(int count) {
		for (int i = 0; i < count; i++) {
			this.pipeline.accept("orders", "c-1");
		}
	}

	private static PublicationFailedException failureOf(PendingEvent event) {
		assertThat(event.future).isCompletedExceptionally();
		return (PublicationFailedException) event.future.handle((receipt, error) -> error).join();
	}

}
