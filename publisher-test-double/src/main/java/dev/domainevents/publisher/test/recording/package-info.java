/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * A test double for applications' own tests: {@link dev.domainevents.publisher.test.recording.RecordingDomainEventPublisher}
 * records what is published and completes each future as the test tells it, and
 * {@link dev.domainevents.publisher.test.recording.PublishedEventsAssert} asserts on what was published. Neither needs
 * Kafka.
 *
 * @since 0.1.0
 */
@org.jspecify.annotations.NullMarked
package dev.domainevents.publisher.test.recording;
