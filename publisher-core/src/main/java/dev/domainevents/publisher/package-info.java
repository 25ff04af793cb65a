/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Publishes domain events to Apache Kafka and tells every caller, through a {@link java.util.concurrent.CompletableFuture},
 * what happened to its event.
 */
@NullMarked
package dev.domainevents.publisher;

import org.jspecify.annotations.NullMarked;
