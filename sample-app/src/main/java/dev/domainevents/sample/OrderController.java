/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * Places orders: {@code POST /orders} publishes an {@link OrderPlaced} event and answers once Kafka acknowledged it.
 * <ul>
 * <li>{@code 201 Created} with an {@link OrderReceipt} when the event was written;</li>
 * <li>{@code 503 Service Unavailable} with an {@link OrderFailure} when it was not but a retry may succeed (Kafka
 * unreachable, queue full, shutting down);</li>
 * <li>{@code 422 Unprocessable Content} with an {@link OrderFailure} when a retry cannot help (the event is too
 * large, not serializable, not authorized);</li>
 * <li>{@code 400 Bad Request} when the order itself is incomplete.</li>
 * </ul>
 * The handler returns the publisher's future instead of waiting for it: Spring MVC releases the request thread and
 * writes the response when Kafka answers, so a slow or unreachable cluster does not use up the server's threads.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

	private final DomainEventPublisher publisher;

	private final Clock clock;

	/**
	 * Creates the controller.
	 * @param publisher the publisher, auto-configured by the starter
	 */
	@Autowired
	public OrderController(DomainEventPublisher publisher) {
		this(publisher, Clock.systemUTC());
	}

	OrderController(DomainEventPublisher publisher, Clock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Places an order and publishes its {@link OrderPlaced} event.
	 * @param request the customer and the total
	 * @return the response, once Kafka answered
	 */
	@PostMapping
	public CompletableFuture<ResponseEntity<?>> placeOrder(@RequestBody PlaceOrderRequest request) {
		String customerId = request.customerId();
		BigDecimal total = request.total();
		if (customerId == null || customerId.isBlank()) {
			return CompletableFuture.completedFuture(badRequest("customerId is required"));
		}
		if (total == null || total.signum() < 0) {
			return CompletableFuture.completedFuture(badRequest("total is required and must not be negative"));
		}
		OrderPlaced order = new OrderPlaced(UUID.randomUUID().toString(), customerId, total,
				Instant.now(this.clock));
		// The callback runs on one of the publisher's completion threads; it only builds the response, and Spring MVC
		// writes it on a container thread.
		return this.publisher.publish(order).handle((receipt, failure) -> respond(order, receipt, failure));
	}

	private ResponseEntity<?> respond(OrderPlaced order, @Nullable PublishReceipt receipt,
			@Nullable Throwable failure) {
		if (failure == null && receipt != null) {
			return ResponseEntity.status(HttpStatus.CREATED).body(OrderReceipt.of(order, receipt));
		}
		PublicationFailedException publicationFailure = PublicationFailedException.from(failure).orElse(null);
		if (publicationFailure == null) {
			// The publisher promises a PublicationFailedException; anything else is a bug, for Spring MVC's error
			// handling (a 500) rather than a made-up answer.
			throw (failure instanceof CompletionException completion) ? completion : new CompletionException(failure);
		}
		logger.warn("Order {} not published: {}", order.orderId(), publicationFailure.getMessage());
		HttpStatus status = publicationFailure.isRetriable() ? HttpStatus.SERVICE_UNAVAILABLE
				: HttpStatus.UNPROCESSABLE_CONTENT;
		return ResponseEntity.status(status).body(OrderFailure.of(order, publicationFailure));
	}

	private static ResponseEntity<?> badRequest(String detail) {
		return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
	}

}
