/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What became of one event of a stream given to {@link DomainEventPublisher#publishAll}: a value, whether the event
 * succeeded or failed, so that one failure never ends the stream.
 *
 * @param <E> the type of the stream's events
 * @param event the event as the source gave it
 * @param sequence the event's position in the source, from 0
 * @param receipt what Kafka acknowledged, or that the event is journaled; {@code null} when it failed
 * @param failure why it failed, carrying the event; {@code null} when it succeeded
 * @since 0.1.0
 */
public record PublishOutcome<E>(E event, long sequence, @Nullable PublishReceipt receipt,
		@Nullable PublicationFailedException failure) {

	public PublishOutcome {
		Objects.requireNonNull(event, "event");
		if ((receipt == null) == (failure == null)) {
			throw new IllegalArgumentException("An outcome has either a receipt or a failure");
		}
	}

	/** An event that succeeded. */
	public static <E> PublishOutcome<E> succeeded(E event, long sequence, PublishReceipt receipt) {
		return new PublishOutcome<>(event, sequence, Objects.requireNonNull(receipt, "receipt"), null);
	}

	/** An event that failed. */
	public static <E> PublishOutcome<E> failed(E event, long sequence, PublicationFailedException failure) {
		return new PublishOutcome<>(event, sequence, null, Objects.requireNonNull(failure, "failure"));
	}

	/** Whether the event succeeded: Kafka has it, or the journal does. */
	public boolean isSuccess() {
		return this.receipt != null;
	}

	/** Whether Kafka acknowledged the event. */
	public boolean isPublished() {
		return this.receipt != null && this.receipt.isPublished();
	}

	/** Whether the event is in the publisher's journal, to be published from there. */
	public boolean isJournaled() {
		return this.receipt != null && this.receipt.isJournaled();
	}

}
