/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the controller turns the publisher's outcome into a response, without Kafka.
 */
class OrderControllerTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private final StubPublisher publisher = new StubPublisher();

	private final OrderController controller = new OrderController(this.publisher,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void anOrderPublishesOrderPlacedKeyedByCustomer() {
		this.publisher.answer = (event) -> CompletableFuture.completedFuture(receipt());

		this.controller.placeOrder(new PlaceOrderRequest("c-42", new BigDecimal("12.50"))).join();

		assertThat(this.publisher.published).singleElement().isInstanceOfSatisfying(OrderPlaced.class, (order) -> {
			assertThat(order.orderId()).isNotBlank();
			assertThat(order.customerId()).isEqualTo("c-42");
			assertThat(order.total()).isEqualTo(new BigDecimal("12.50"));
			assertThat(order.placedAt()).isEqualTo(NOW);
		});
	}

	@Test
	void anAcknowledgedEventAnswers201WithTheReceipt() {
		this.publisher.answer = (event) -> CompletableFuture.completedFuture(receipt());

		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		OrderPlaced order = (OrderPlaced) this.publisher.published.get(0);
		assertThat(response.getBody())
			.isEqualTo(new OrderReceipt(order.orderId(), "event-1", "orders", 2, 41L, NOW.plusMillis(5)));
	}

	@Test
	void aFailureThatARetryMayFixAnswers503WithTheEventsFate() {
		this.publisher.answer = (event) -> CompletableFuture.failedFuture(new PublicationFailedException(
				FailureReason.DELIVERY_TIMEOUT, null, null, EventMessage.of(event).withEventId("event-1"), true,
				true));

		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getBody()).isInstanceOfSatisfying(OrderFailure.class, (failure) -> {
			assertThat(failure.orderId()).isEqualTo(((OrderPlaced) this.publisher.published.get(0)).orderId());
			assertThat(failure.eventId()).isEqualTo("event-1");
			assertThat(failure.reason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
			assertThat(failure.retriable()).isTrue();
			assertThat(failure.possiblyWritten()).isTrue();
			assertThat(failure.message()).contains("DELIVERY_TIMEOUT");
		});
	}

	@Test
	void aFailureThatARetryCannotFixAnswers422() {
		this.publisher.answer = (event) -> CompletableFuture.failedFuture(new PublicationFailedException(
				FailureReason.RECORD_TOO_LARGE, "1048577 bytes", null, EventMessage.of(event).withEventId("event-1"),
				false, false));

		ResponseEntity<?> response = this.controller.placeOrder(new PlaceOrderRequest("c-42", BigDecimal.TEN)).join();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.getBody()).isInstanceOfSatisfying(OrderFailure.class, (failure) -> {
			assertThat(failure.reason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
			assertThat(failure.retriable()).isFalse();
			assertThat(failure.possiblyWritten()).isFalse();
		});
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
		assertThat(this.publisher.published).isEmpty();
	}

	private static PublishReceipt receipt() {
		return new PublishReceipt("event-1", "orders", 2, 41L, NOW.plusMillis(5));
	}

	/** Records what is published and answers with a chosen future. */
	static class StubPublisher implements DomainEventPublisher {

		final List<@Nullable Object> published = new ArrayList<>();

		Function<Object, CompletableFuture<PublishReceipt>> answer = (event) -> new CompletableFuture<>();

		@Override
		public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
			this.published.add(event);
			return this.answer.apply(event);
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(EventMessage message) {
			return publish(message.event());
		}

	}

}
