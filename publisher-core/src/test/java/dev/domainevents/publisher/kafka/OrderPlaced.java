/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

/**
 * The event the tests publish.
 */
record OrderPlaced(String orderId, String customerId, long sequence, String note) {

	static OrderPlaced of(String customerId, long sequence) {
		return new OrderPlaced(customerId + "-" + sequence, customerId, sequence, "");
	}

	static OrderPlaced padded(String customerId, long sequence, int noteLength) {
		return new OrderPlaced(customerId + "-" + sequence, customerId, sequence, "x".repeat(noteLength));
	}

}
