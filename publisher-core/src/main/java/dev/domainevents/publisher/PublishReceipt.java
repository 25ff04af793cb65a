/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Instant;

/**
 * What Kafka acknowledged for one event.
 *
 * @param eventId the event id, sent as the CloudEvents {@code ce_id} header
 * @param topic the topic the record was written to
 * @param partition the partition the record was written to
 * @param offset the record's offset in its partition
 * @param timestamp the record's timestamp
 * @since 0.1.0
 */
public record PublishReceipt(String eventId, String topic, int partition, long offset, Instant timestamp) {
}
