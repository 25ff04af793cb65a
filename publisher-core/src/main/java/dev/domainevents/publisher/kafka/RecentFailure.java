/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;

/**
 * One of the latest failures of accepted events, without its payload: payloads may hold personal data.
 *
 * @param at when the event failed
 * @param reason why
 * @param possiblyWritten whether the record may have been written anyway
 * @param eventType the CloudEvents type
 * @param topic the topic
 * @param eventId the event id
 * @since 0.1.0
 */
public record RecentFailure(Instant at, FailureReason reason, boolean possiblyWritten, @Nullable String eventType,
		@Nullable String topic, @Nullable String eventId) {
}
