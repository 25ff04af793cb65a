/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline timer's step, on a clock the test moves: which events expire, when, and how each is classified.
 */
class DeadlineTimerTests {

	private final ManualPipeline pipeline = new ManualPipeline("orders");

	@Test
	void aQueuedEventFailsAtItsDeadlineAndNotANanosecondBefore() {
		PendingEvent event = this.pipeline.accept("orders", "c-1");

		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT.minusNanos(1));
		this.pipeline.expireDue();
		this.pipeline.executor.runAll();
		assertThat(event.future).isNotDone();

		this.pipeline.advance(Duration.ofNanos(1));
		this.pipeline.expireDue();
		this.pipeline.executor.runAll();
		assertThat(failureOf(event)).satisfies((failure) -> {
			assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
			assertThat(failure.isPossiblyWritten()).isFalse();
			assertThat(failure.isRetriable()).isTrue();
		});
		assertThat(this.pipeline.ledger.stats(0, 0, 0)).satisfies((stats) -> {
			assertThat(stats.failed()).isOne();
			assertThat(stats.pending()).isZero();
			assertThat(stats.heldEvents()).isZero();
		});
		assertThat(event.stage()).isEqualTo(EventLifecycle.Stage.COMPLETED);
	}

	@Test
	void theOldestPendingAgeFollowsTheClock() {
		this.pipeline.accept("orders", "c-1");
		this.pipeline.advance(Duration.ofSeconds(3));
		this.pipeline.accept("orders", "c-2");
		this.pipeline.advance(Duration.ofSeconds(2));

		assertThat(this.pipeline.ledger.oldestPendingAgeNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
	}

	@Test
	void aParkedEventOfATopicNeverWrittenFailsAsTopicUnavailable() {
		PendingEvent event = this.pipeline.accept("missing", "c-1");
		this.pipeline.dispatch();
		assertThat(event.stage()).isEqualTo(EventLifecycle.Stage.PARKED);

		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);
		this.pipeline.expireDue();
		this.pipeline.executor.runAll();

		assertThat(failureOf(event).getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
		assertThat(failureOf(event).isPossiblyWritten()).isFalse();
		assertThat(this.pipeline.ledger.dispatchQueue().parkedTopicCount()).as("the topic is forgotten").isZero();
	}

	@Test
	void aParkedEventOfATopicWrittenBeforeWaitedForABrokerAndFailsAsDeliveryTimeout() {
		this.pipeline.dispatcher.metadataArrived("orders");
		PendingEvent first = this.pipeline.accept("orders", "c-1");
		this.pipeline.dispatch();
		this.pipeline.producer.completeNext();
		this.pipeline.executor.runAll();
		assertThat(first.future).isCompleted();
		// The producer lost every connection, and with it the topic's metadata.
		this.pipeline.producer.sendFailure = (record) -> new TimeoutException(
				"Topic orders not present in metadata after 50 ms.");
		PendingEvent second = this.pipeline.accept("orders", "c-1");
		this.pipeline.dispatch();
		assertThat(second.stage()).isEqualTo(EventLifecycle.Stage.PARKED);

		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);
		this.pipeline.expireDue();
		this.pipeline.executor.runAll();

		assertThat(failureOf(second).getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(failureOf(second).isPossiblyWritten()).isFalse();
	}

	@Test
	void anEventTheProducerHasFailsAsPossiblyWrittenAndALateAnswerChangesNothing() {
		this.pipeline.dispatcher.metadataArrived("orders");
		PendingEvent event = this.pipeline.accept("orders", "c-1");
		this.pipeline.dispatch();
		assertThat(event.stage()).isEqualTo(EventLifecycle.Stage.IN_FLIGHT);

		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);
		this.pipeline.expireDue();
		this.pipeline.executor.runAll();
		this.pipeline.producer.completeNext();
		this.pipeline.executor.runAll();

		assertThat(failureOf(event).getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(failureOf(event).isPossiblyWritten()).isTrue();
		assertThat(this.pipeline.ledger.stats(0, 0, 0)).satisfies((stats) -> {
			assertThat(stats.succeeded()).isZero();
			assertThat(stats.failed()).isOne();
			assertThat(stats.accepted()).isOne();
		});
		assertThat(this.pipeline.window.bytes()).as("the late answer gave the window its room back").isZero();
	}

	@Test
	void expiryGoesOnInStepsWhenMoreEventsExpireThanOneLockHoldTakes() {
		int count = EventLedger.MAX_WORK_PER_HOLD * 3 + 1;
		for (int i = 0; i < count; i++) {
			this.pipeline.accept("orders", "c-" + i);
		}
		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);
		int steps = 0;
		while (this.pipeline.ledger.hasPending()) {
			this.pipeline.expireDue();
			steps++;
		}
		this.pipeline.executor.runAll();

		assertThat(steps).isEqualTo(4);
		assertThat(this.pipeline.ledger.stats(0, 0, 0).failed()).isEqualTo(count);
		assertThat(this.pipeline.bounds.events()).isZero();
	}

	private static PublicationFailedException failureOf(PendingEvent event) {
		assertThat(event.future).isCompletedExceptionally();
		return (PublicationFailedException) event.future.handle((receipt, error) -> error).join();
	}

}
