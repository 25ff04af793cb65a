/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stage machine: the moves it allows, and that an event is decided once.
 */
class EventLifecycleTests {

	private final ManualPipeline pipeline = new ManualPipeline("orders");

	@Test
	void aDecidedEventMovesOnlyToCompletedAndACompletedOneNowhere() {
		for (Stage stage : Stage.values()) {
			assertThat(EventLifecycle.isAllowed(Stage.DECIDED, stage)).isEqualTo(stage == Stage.COMPLETED);
			assertThat(EventLifecycle.isAllowed(Stage.COMPLETED, stage)).isFalse();
		}
	}

	@Test
	void everyLiveStageCanBeDecidedAndOnlyAnInFlightEventCannotGoBack() {
		for (Stage stage : Stage.values()) {
			if (stage.isLive()) {
				assertThat(EventLifecycle.isAllowed(stage, Stage.DECIDED)).isTrue();
			}
		}
		assertThat(EventLifecycle.isAllowed(Stage.IN_FLIGHT, Stage.QUEUED)).isFalse();
		assertThat(EventLifecycle.isAllowed(Stage.IN_FLIGHT, Stage.PARKED)).isFalse();
		assertThat(EventLifecycle.isAllowed(Stage.SENDING, Stage.QUEUED)).isTrue();
	}

	@Test
	void onlyTheFirstDecisionCounts() {
		PendingEvent event = this.pipeline.accept("orders", "c-1");
		EventLifecycle.takeForSending(event);

		assertThat(EventLifecycle.decide(event)).isEqualTo(Stage.SENDING);
		assertThat(EventLifecycle.decide(event)).isNull();
		assertThat(event.stageWhenDecided).isEqualTo(Stage.SENDING);
	}

	@Test
	void aDecidedEventCannotBeParkedTakenOrSent() {
		PendingEvent event = this.pipeline.accept("orders", "c-1");
		EventLifecycle.decide(event);

		assertThat(EventLifecycle.park(event)).isFalse();
		assertThat(EventLifecycle.takeForSending(event)).isFalse();
		assertThat(EventLifecycle.requeue(event)).isFalse();
		assertThat(event.stage()).isEqualTo(Stage.DECIDED);
	}

	@Test
	void aSuccessAfterTheEventWasDecidedChangesNothing() {
		PendingEvent event = this.pipeline.accept("orders", "c-1");
		EventLifecycle.takeForSending(event);
		EventLifecycle.handedToProducer(event);
		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);
		this.pipeline.expireDue();

		this.pipeline.lifecycle.succeed(event, new PublishReceipt("id-1", "orders", 0, 7, Instant.EPOCH));
		this.pipeline.executor.runAll();

		assertThat(event.future).isCompletedExceptionally();
		assertThat(this.pipeline.ledger.stats(0, 0, 0).succeeded()).isZero();
	}

	@Test
	void aMoveTheTableDoesNotAllowIsCaughtWhenAssertionsAreOn() {
		PendingEvent event = this.pipeline.accept("orders", "c-1");
		EventLifecycle.takeForSending(event);
		EventLifecycle.handedToProducer(event);
		EventLifecycle.decide(event);
		EventLifecycle.completed(event);

		// Surefire runs the tests with assertions on, so the table is checked on every move the tests make.
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> EventLifecycle.completed(event));
	}

}
