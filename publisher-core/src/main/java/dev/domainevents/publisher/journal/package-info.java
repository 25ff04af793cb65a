/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The durable local journal behind {@code domain-events.publisher.journal.mode}. Its types are public only so that
 * the pipeline in {@code dev.domainevents.publisher.kafka} can use them; applications configure the journal through
 * the publisher's builder or properties, never directly.
 */
@NullMarked
package dev.domainevents.publisher.journal;

import org.jspecify.annotations.NullMarked;
