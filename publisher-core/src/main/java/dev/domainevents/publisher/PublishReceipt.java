/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Instant;

/**
 * What became of one event that did not fail: either Kafka acknowledged it ({@link Status#PUBLISHED}, with its
 * partition and offset), or, with a journal, it is on local disk and will be published from there once Kafka answers
 * ({@link Status#JOURNALED}, with its position in the journal). A caller that accepts only "in Kafka" checks
 * {@link #isPublished()}.
 *
 * @param eventId the event id, sent as the CloudEvents {@code ce_id} header
 * @param topic the topic the record was, or will be, written to
 * @param partition the partition the record was written to; {@code -1} when journaled
 * @param offset the record's offset in its partition; {@code -1} when journaled
 * @param timestamp the record's timestamp; when journaled, the time its append reached the disk
 * @param status whether the event is in Kafka or in the journal
 * @param journalPosition the event's position in the journal when journaled; {@code -1} when published
 * @since 0.1.0
 */
public record PublishReceipt(String eventId, String topic, int partition, long offset, Instant timestamp,
		Status status, long journalPosition) {

	/**
	 * A receipt of an event Kafka acknowledged.
	 * @param eventId the event id
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the offset
	 * @param timestamp the record's timestamp
	 */
	public PublishReceipt(String eventId, String topic, int partition, long offset, Instant timestamp) {
		this(eventId, topic, partition, offset, timestamp, Status.PUBLISHED, -1);
	}

	/**
	 * A receipt of an event kept in the journal.
	 * @param eventId the event id
	 * @param topic the topic it will be written to
	 * @param journalPosition its position in the journal
	 * @param journaledAt when its append reached the disk
	 * @return the receipt
	 * @since 0.1.0
	 */
	public static PublishReceipt journaled(String eventId, String topic, long journalPosition, Instant journaledAt) {
		return new PublishReceipt(eventId, topic, -1, -1, journaledAt, Status.JOURNALED, journalPosition);
	}

	/** Whether Kafka acknowledged the event: the receipt has its partition and offset. */
	public boolean isPublished() {
		return this.status == Status.PUBLISHED;
	}

	/** Whether the event is in the journal on local disk, not yet in Kafka. */
	public boolean isJournaled() {
		return this.status == Status.JOURNALED;
	}

	/**
	 * Where an event is.
	 * @since 0.1.0
	 */
	public enum Status {

		/** Kafka acknowledged it. */
		PUBLISHED,

		/** It is durable in the publisher's journal on local disk, and will be published from there. */
		JOURNALED

	}

}
