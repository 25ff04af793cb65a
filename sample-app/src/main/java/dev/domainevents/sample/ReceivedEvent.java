/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OrderEventsListener} read of one event: its identity and position, not its content.
 *
 * @param eventId the {@code ce_id} header
 * @param eventType the {@code ce_type} header
 * @param key the record key
 * @param partition the partition
 * @param offset the offset in the partition
 * @since 0.1.0
 */
public record ReceivedEvent(@Nullable String eventId, @Nullable String eventType, @Nullable String key,
		int partition, long offset) {
}
