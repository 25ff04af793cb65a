/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A record as it is kept in the journal: what is needed to send it to Kafka again, byte for byte, with its CloudEvents
 * headers (so its {@code ce_id}) unchanged.
 *
 * @param topic the topic
 * @param key the record key, or {@code null}
 * @param value the record value
 * @param headers the record headers, in order
 * @param timestampMillis when the event was accepted, in epoch milliseconds
 * @param eventId the event id (the {@code ce_id} header's value)
 * @param eventType the event type (the {@code ce_type} header's value)
 * @since 0.1.0
 */
public record JournalEntry(String topic, byte @Nullable [] key, byte[] value, List<Header> headers,
		long timestampMillis, String eventId, String eventType) {

	/**
	 * A record header.
	 * @param name the header's name
	 * @param value the header's value, or {@code null}
	 */
	public record Header(String name, byte @Nullable [] value) {
	}

	/** An estimate of the bytes this entry takes in a segment, for the journal's bound. */
	public int estimatedSize() {
		int size = 64 + this.topic.length() * 3 + this.value.length + ((this.key != null) ? this.key.length : 0)
				+ this.eventId.length() * 3 + this.eventType.length() * 3;
		for (Header header : this.headers) {
			size += 8 + header.name().length() * 3 + ((header.value() != null) ? header.value().length : 0);
		}
		return size;
	}

}
