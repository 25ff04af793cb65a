/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.time.Instant;

import dev.domainevents.publisher.PublishReceipt;

/**
 * The answer to an order whose event Kafka acknowledged: where the event is, so that a client or an operator can
 * find it.
 *
 * @param orderId the order's id
 * @param eventId the event's id, its {@code ce_id} header
 * @param topic the topic the event was written to
 * @param partition the partition the event was written to
 * @param offset the event's offset in its partition
 * @param timestamp the record's timestamp
 * @since 0.1.0
 */
public record OrderReceipt(String orderId, String eventId, String topic, int partition, long offset,
		Instant timestamp) {

	static OrderReceipt of(OrderPlaced order, PublishReceipt receipt) {
		return new OrderReceipt(order.orderId(), receipt.eventId(), receipt.topic(), receipt.partition(),
				receipt.offset(), receipt.timestamp());
	}

}
