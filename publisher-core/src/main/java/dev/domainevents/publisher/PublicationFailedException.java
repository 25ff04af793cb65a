/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The one exception a publication future fails with. It carries the event, so the caller can react, retry or store
 * it, and tells why the event failed and whether it may have reached Kafka anyway.
 * <p>
 * No stack trace is filled in: the failure is a value, not a program error, and creating thousands of them during
 * an outage must stay cheap. The {@linkplain #getCause() cause}, where there is one, keeps its own.
 *
 * @since 0.1.0
 */
public final class PublicationFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final FailureReason reason;

	private final transient @Nullable Object event;

	private final @Nullable String eventId;

	private final @Nullable String eventType;

	private final @Nullable String topic;

	private final @Nullable String key;

	private final transient Map<String, @Nullable String> headers;

	private final boolean retriable;

	private final boolean possiblyWritten;

	private final @Nullable String detail;

	/**
	 * Creates a failure. The publisher creates these; an application creates one only to stand in for the publisher,
	 * in a test double for example.
	 * @param reason why the event failed
	 * @param detail a short explanation, or {@code null}
	 * @param cause the underlying error, or {@code null}
	 * @param message the event and its record settings as published
	 * @param retriable whether publishing the event again may succeed
	 * @param possiblyWritten whether the record may have been written despite the failure
	 */
	public PublicationFailedException(FailureReason reason, @Nullable String detail, @Nullable Throwable cause,
			EventMessage message, boolean retriable, boolean possiblyWritten) {
		super(null, cause, false, false);
		this.reason = reason;
		this.detail = detail;
		this.event = message.event();
		this.eventId = message.eventId();
		this.eventType = message.eventType();
		this.topic = message.topic();
		this.key = message.key();
		this.headers = message.headers();
		this.retriable = retriable;
		this.possiblyWritten = possiblyWritten;
	}

	/**
	 * Finds the publication failure in whatever a publication future failed with: the exception itself, or one that
	 * wraps it at any depth as its cause, such as the {@code CompletionException} of {@code join()} and of dependent
	 * stages, or the {@code ExecutionException} of {@code get()}. Callers need not unwrap by hand:
	 * <pre>{@code
	 * publisher.publish(event).whenComplete((receipt, ex) -> PublicationFailedException.from(ex)
	 *     .filter(PublicationFailedException::isRetriable)
	 *     .ifPresent((failure) -> retryLater(failure.toEventMessage())));
	 * }</pre>
	 * @param throwable what the future failed with, or {@code null}
	 * @return the first publication failure in the cause chain, or empty when there is none (a program error in a
	 * callback, for example)
	 * @since 0.1.0
	 */
	public static Optional<PublicationFailedException> from(@Nullable Throwable throwable) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable current = throwable; current != null && seen.add(current); current = current.getCause()) {
			if (current instanceof PublicationFailedException failure) {
				return Optional.of(failure);
			}
		}
		return Optional.empty();
	}

	/**
	 * Returns why the event failed.
	 * @return the reason
	 */
	public FailureReason getReason() {
		return this.reason;
	}

	/**
	 * Returns the event as it was published.
	 * @return the event; {@code null} only when {@code null} was published
	 */
	public @Nullable Object getEvent() {
		return this.event;
	}

	/**
	 * Returns the event id ({@code ce_id}), or {@code null} when the event failed before it got one.
	 * @return the event id
	 */
	public @Nullable String getEventId() {
		return this.eventId;
	}

	/**
	 * Returns the CloudEvents type ({@code ce_type}), when known.
	 * @return the event type
	 */
	public @Nullable String getEventType() {
		return this.eventType;
	}

	/**
	 * Returns the topic, when the event was routed.
	 * @return the topic
	 */
	public @Nullable String getTopic() {
		return this.topic;
	}

	/**
	 * Returns the record key, when there was one.
	 * @return the key
	 */
	public @Nullable String getKey() {
		return this.key;
	}

	/**
	 * Whether publishing the same event again may succeed. {@code false} when the event itself is at fault
	 * (invalid, not serializable, too large) or the principal is not authorized.
	 * @return whether a retry may help
	 */
	public boolean isRetriable() {
		return this.retriable;
	}

	/**
	 * Whether the record may have been written although the event failed: it had reached the producer, which timed
	 * out or was closed before the broker answered. Publishing such an event again may duplicate it; consumers
	 * deduplicate on ({@code ce_source}, {@code ce_id}).
	 * @return whether the record may be in the topic
	 */
	public boolean isPossiblyWritten() {
		return this.possiblyWritten;
	}

	/**
	 * Returns the message to publish again: the same event, event id, type, topic, key and headers, so that consumers
	 * can deduplicate.
	 * @return the message to publish again
	 */
	public EventMessage toEventMessage() {
		return EventMessage.of(this.event)
			.withTopic(this.topic)
			.withKey(this.key)
			.withHeaders(this.headers)
			.withEventType(this.eventType)
			.withEventId(this.eventId);
	}

	@Override
	public String getMessage() {
		StringBuilder message = new StringBuilder(96).append("Event ");
		message.append((this.eventId != null) ? this.eventId : "(no id)");
		if (this.eventType != null) {
			message.append(" of type ").append(this.eventType);
		}
		if (this.topic != null) {
			message.append(" to topic ").append(this.topic);
		}
		message.append(" failed: ").append(this.reason);
		if (this.detail != null) {
			message.append(" (").append(this.detail).append(')');
		}
		else if (getCause() != null) {
			message.append(" (").append(getCause()).append(')');
		}
		message.append(this.possiblyWritten ? ", possibly written" : ", not written");
		message.append(this.retriable ? ", retriable" : ", not retriable");
		return message.toString();
	}

}
