/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.test.recording.Answer;
import dev.domainevents.publisher.test.recording.PublishedEventsAssert;
import dev.domainevents.publisher.test.recording.RecordingDomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the controller turns the publisher's outcome into a response, without Kafka: the recording publisher of
 * {@code domain-event-publisher-test-double} stands in for the real one.
 */
class OrderControllerTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	// Its receipts say partition 0, the topic's next offset (from 0) and the clock's time; event ids are event-1, ...
	private final RecordingDomainEventPublisher publisher = new RecordingDomainEventPublisher(
			Clock.fixed(NOW.plusMillis(5), ZoneOffset.UTC))
		.defaultTopic("orders");

	private final OrderController controller = new OrderController(this.publisher,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void anOrderPublishesOrderPlacedKeyedByCustomer() {
		this.controller.placeOrder(new PlaceOrderRequest("c-42", new BigDecimal("12.50"))).join();

		PublishedEventsAssert.assertThat(this.publisher)
			.hasPublishedCount(1)
			.events()
			.singleElement()
			.isInstanceOfSatisfying(OrderPlaced.class, (order) -> {
				assertThat(order.orderId()).isNotBlank();
				assertThat(order.customerId()).isEqualTo("c-42");
				assertThat(order.total()).isEqualTo(new BigDecimal("12.50"));
				assertThat(order.placedAt()).isEqualTo(NOW);
			});
	}

	@Test
	void anAcknowledgedEventAnswers201WithTheReceipt() {
		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		OrderPlaced order = this.publisher.events(OrderPlaced.class).get(0);
		assertThat(response.getBody())
			.isEqualTo(new OrderReceipt(order.orderId(), "event-1", "orders", 0, 0L, NOW.plusMillis(5)));
	}

	@Test
	void aFailureThatARetryMayFixAnswers503WithTheEventsFate() {
		// DELIVERY_TIMEOUT is retriable and possibly written, as with the real publisher.
		this.publisher.forNext(1).thenFail(FailureReason.DELIVERY_TIMEOUT);

		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getBody()).isInstanceOfSatisfying(OrderFailure.class, (failure) -> {
			assertThat(failure.orderId()).isEqualTo(this.publisher.events(OrderPlaced.class).get(0).orderId());
			assertThat(failure.eventId()).isEqualTo("event-1");
			assertThat(failure.reason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
			assertThat(failure.retriable()).isTrue();
			assertThat(failure.possiblyWritten()).isTrue();
			assertThat(failure.message()).contains("DELIVERY_TIMEOUT");
		});
	}

	@Test
	void aFailureThatARetryCannotFixAnswers422() {
		this.publisher.whenType(OrderPlaced.class).thenAnswer(Answer.fail(FailureReason.RECORD_TOO_LARGE));

		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.getBody()).isInstanceOfSatisfying(OrderFailure.class, (failure) -> {
			assertThat(failure.reason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
			assertThat(failure.retriable()).isFalse();
			assertThat(failure.possiblyWritten()).isFalse();
		});
	}

	@Test
	void theResponseWaitsForKafkasAnswer() {
		this.publisher.forNext(1).thenAnswer(Answer.succeed().held());

		var response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN));

		assertThat(response).isNotDone();
		this.publisher.release();
		assertThat(response.join().getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	@Test
	void anIncompleteOrderIsRefusedWith400WithoutPublishing() {
		ResponseEntity<?> withoutCustomer = this.controller.placeOrder(new PlaceOrderRequest(" ", BigDecimal.TEN))
			.join();
		ResponseEntity<?> withoutTotal = this.controller.placeOrder(new PlaceOrderRequest("c-42", null)).join();
		ResponseEntity<?> negativeTotal = this.controller
			.placeOrder(new PlaceOrderRequest("c-42", new BigDecimal("-1")))
			.join();

		assertThat(List.of(withoutCustomer, withoutTotal, negativeTotal)).allSatisfy((response) -> {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(response.getBody()).isInstanceOf(ProblemDetail.class);
		});
		PublishedEventsAssert.assertThat(this.publisher).hasNothingPublished();
	}

}
