/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

/**
 * Why an event was not published. Whether publishing it again may help, and whether the record may have been written
 * anyway, are told by {@link PublicationFailedException#isRetriable()} and
 * {@link PublicationFailedException#isPossiblyWritten()}.
 *
 * @since 0.1.0
 */
public enum FailureReason {

	/** The queue was full (in events or bytes) and the overflow policy gave up. Not written; retriable. */
	QUEUE_FULL,

	/** The publisher was closing or closed, or closed before the event could be sent. Retriable elsewhere or later. */
	SHUTTING_DOWN,

	/** The caller was interrupted while waiting for space in the queue. Not written; retriable. */
	INTERRUPTED,

	/**
	 * The event cannot be published as given: {@code null}, no route to a topic, an invalid topic name, a reserved or
	 * {@code null} header. Not written; not retriable.
	 */
	INVALID_EVENT,

	/** The serializer failed for this event. Not written; not retriable. */
	SERIALIZATION,

	/** The record is larger than the producer's or the broker's limit. Not written; not retriable. */
	RECORD_TOO_LARGE,

	/**
	 * No metadata for the topic arrived before the event's deadline: the topic does not exist (and is not
	 * auto-created) or no broker could be reached; the client cannot tell the two apart. Not written; retriable.
	 */
	TOPIC_UNAVAILABLE,

	/**
	 * The event's deadline passed. When it was still in the publisher's queue it was not written; when it was already
	 * with the producer it may have been written, and publishing it again may duplicate it.
	 */
	DELIVERY_TIMEOUT,

	/** The principal may not write the topic, or not use the cluster. Not retriable. */
	AUTHORIZATION,

	/** The producer was closed or fenced underneath the event. Retriable; possibly written once it was sent. */
	PRODUCER_CLOSED,

	/**
	 * The event could not be published and the journal, which would have kept it, holds its {@code max-bytes}
	 * already. Retriable once the journal's events are replayed; possibly written when the producer had it.
	 */
	JOURNAL_FULL,

	/**
	 * The event could not be published and the journal could not keep it: a write or a {@code force} of the journal
	 * failed, after which it takes nothing (the health indicator says why), or it was closed. Retriable elsewhere.
	 */
	JOURNAL_UNAVAILABLE,

	/** Any other error reported by the client or the broker. */
	OTHER

}
