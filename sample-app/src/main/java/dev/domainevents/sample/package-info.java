/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * A small order service that uses the domain event publisher starter: {@code POST /orders} publishes an
 * {@link dev.domainevents.sample.OrderPlaced} event and answers with what Kafka acknowledged, and a listener logs the
 * events it reads back. Its test application, {@code TestSampleApplication}, runs it with a Kafka broker of its own.
 */
@org.jspecify.annotations.NullMarked
package dev.domainevents.sample;
