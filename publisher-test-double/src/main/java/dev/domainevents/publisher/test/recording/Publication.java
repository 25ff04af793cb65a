/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishReceipt;

/**
 * One call a {@link RecordingDomainEventPublisher} recorded: the message as the caller gave it, its record settings
 * as they were resolved, and the future the caller got.
 *
 * @param sequence the call's position, from 0, among all calls since the last {@code reset()}
 * @param message the message as given; a plain event given to {@code publish(Object)} has nothing fixed
 * @param eventId the given event id, or the generated {@code event-<n>} ({@code n} from 1)
 * @param topic the given topic, or the recording's default topic
 * @param key the given key, or {@code null}
 * @param headers the given extra headers
 * @param eventType the given type, or the event's class name ({@code null} for a {@code null} event)
 * @param future the future the caller got
 * @since 0.1.0
 */
public record Publication(int sequence, EventMessage message, String eventId, String topic, @Nullable String key,
		Map<String, @Nullable String> headers, @Nullable String eventType, CompletableFuture<PublishReceipt> future) {

	/**
	 * Returns the event.
	 * @return the event as published
	 */
	public @Nullable Object event() {
		return this.message.event();
	}

	/**
	 * Returns the message with everything resolved: what a {@link dev.domainevents.publisher.PublicationFailedException}
	 * of this call carries.
	 * @return the resolved message
	 */
	public EventMessage resolvedMessage() {
		return EventMessage.of(event())
			.withTopic(this.topic)
			.withKey(this.key)
			.withHeaders(this.headers)
			.withEventType(this.eventType)
			.withEventId(this.eventId);
	}

	@Override
	public String toString() {
		return "Publication[" + this.sequence + ", eventId=" + this.eventId + ", type=" + this.eventType + ", topic="
				+ this.topic + ", key=" + this.key + "]";
	}

}
