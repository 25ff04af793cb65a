/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

/**
 * The answer to an order whose event was not published. It tells the client whether to try again and whether the
 * event may be in the topic anyway, so that a retry does not surprise it with a duplicate.
 *
 * @param orderId the order's id
 * @param eventId the event's id, its {@code ce_id} header; {@code null} when the event failed before it got one
 * @param reason why the event was not published
 * @param retriable whether placing the order again may succeed
 * @param possiblyWritten whether the event may have been written despite the failure
 * @param message a description of the failure
 * @since 0.1.0
 */
public record OrderFailure(String orderId, @Nullable String eventId, FailureReason reason, boolean retriable,
		boolean possiblyWritten, String message) {

	static OrderFailure of(OrderPlaced order, PublicationFailedException failure) {
		return new OrderFailure(order.orderId(), failure.getEventId(), failure.getReason(), failure.isRetriable(),
				failure.isPossiblyWritten(), failure.getMessage());
	}

}
