/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}. Both fields are nullable here because a client may leave them out; the
 * controller checks them.
 *
 * @param customerId the customer placing the order
 * @param total the order's total
 * @since 0.1.0
 */
public record PlaceOrderRequest(@Nullable String customerId, @Nullable BigDecimal total) {
}
