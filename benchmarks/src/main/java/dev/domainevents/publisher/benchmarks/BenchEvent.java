/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

/**
 * The event every peer publishes: an order placed, whose {@code note} pads its JSON to an exact size. Every field but
 * the note has a fixed width, so all events of a pool serialize to the same number of bytes.
 *
 * @param orderId the order id, fixed width
 * @param customerId the customer id, the record key, fixed width
 * @param currency the currency code
 * @param totalCents the order total in cents
 * @param note padding text
 */
public record BenchEvent(String orderId, String customerId, String currency, long totalCents, String note) {
}
