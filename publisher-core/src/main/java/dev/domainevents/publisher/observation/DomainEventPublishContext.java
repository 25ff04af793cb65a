/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;

/**
 * The context of the observation of one publication, from the moment the event passed validation until its future
 * completes. A {@link DomainEventPublishObservationConvention} reads it to name the observation and give its keys.
 * <p>
 * It is a plain context, not a sender context: the publication is the parent of the Kafka send, whose own observation
 * writes the trace headers into the record.
 *
 * @since 0.1.0
 */
public class DomainEventPublishContext extends Observation.Context {

	private final EventMessage message;

	private final String topic;

	private final @Nullable String key;

	private final String eventType;

	private final String eventId;

	private volatile boolean completed;

	private volatile @Nullable PublicationFailedException failure;

	/**
	 * Creates the context of a publication whose route is resolved.
	 * @param message the message as it was published; its topic, key, type and id may be unset
	 * @param topic the topic the record goes to
	 * @param key the record key, or {@code null} for none
	 * @param eventType the event type ({@code ce_type})
	 * @param eventId the event id ({@code ce_id})
	 */
	public DomainEventPublishContext(EventMessage message, String topic, @Nullable String key, String eventType,
			String eventId) {
		this.message = message;
		this.topic = topic;
		this.key = key;
		this.eventType = eventType;
		this.eventId = eventId;
	}

	/**
	 * Returns the message as it was published, with the event and the caller's headers. Its topic, key, type and id
	 * are those the caller gave, if any; this context's own accessors return the resolved ones.
	 * @return the message
	 */
	public EventMessage getMessage() {
		return this.message;
	}

	/**
	 * Returns the topic the record goes to. Not bounded: an explicit topic may be per tenant.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * Returns the record key.
	 * @return the key, or {@code null} when the record has none
	 */
	public @Nullable String getKey() {
		return this.key;
	}

	/**
	 * Returns the event type ({@code ce_type}).
	 * @return the event type
	 */
	public String getEventType() {
		return this.eventType;
	}

	/**
	 * Returns the event id ({@code ce_id}). Unique per event.
	 * @return the event id
	 */
	public String getEventId() {
		return this.eventId;
	}

	/**
	 * Returns whether the publication's outcome is known: the observation is about to stop.
	 * @return whether the outcome is known
	 */
	public boolean isCompleted() {
		return this.completed;
	}

	/**
	 * Returns why the publication failed.
	 * @return the failure, or {@code null} while the outcome is unknown and when the event was written
	 */
	public @Nullable PublicationFailedException getFailure() {
		return this.failure;
	}

	/**
	 * Records the publication's outcome; the publisher calls it just before it stops the observation.
	 * @param failure the failure, or {@code null} if Kafka acknowledged the event
	 */
	public void setOutcome(@Nullable PublicationFailedException failure) {
		this.failure = failure;
		this.completed = true;
	}

}
