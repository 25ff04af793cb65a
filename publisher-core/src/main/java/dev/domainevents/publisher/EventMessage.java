/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An event with whatever its publisher wants to fix about its record: topic, key, extra headers, CloudEvents type
 * and event id. What is left unset comes from routing (topic, key, type) or is generated (event id).
 * <p>
 * Immutable; each {@code with*} method returns a copy. Validation happens when it is published, and a problem fails
 * the returned future with {@link FailureReason#INVALID_EVENT} rather than throwing.
 *
 * @since 0.1.0
 */
public final class EventMessage {

	private final @Nullable Object event;

	private final @Nullable String topic;

	private final @Nullable String key;

	private final Map<String, @Nullable String> headers;

	private final @Nullable String eventType;

	private final @Nullable String eventId;

	private EventMessage(@Nullable Object event, @Nullable String topic, @Nullable String key,
			Map<String, @Nullable String> headers, @Nullable String eventType, @Nullable String eventId) {
		this.event = event;
		this.topic = topic;
		this.key = key;
		this.headers = headers;
		this.eventType = eventType;
		this.eventId = eventId;
	}

	/**
	 * Starts a message for an event.
	 * @param event the event
	 * @return a message with nothing fixed but the event
	 */
	public static EventMessage of(@Nullable Object event) {
		return new EventMessage(event, null, null, Map.of(), null, null);
	}

	/**
	 * Returns a copy that goes to the given topic, bypassing routing: the {@code EventRouter} is not asked, so the
	 * record has only the key and type set on this message (the type defaults to the event's class name).
	 * @param topic the topic, or {@code null} to route the event
	 * @return the copy
	 */
	public EventMessage withTopic(@Nullable String topic) {
		return new EventMessage(this.event, topic, this.key, this.headers, this.eventType, this.eventId);
	}

	/**
	 * Returns a copy with the given record key. It wins over the key the {@code EventRouter} gives, also when the
	 * message has no topic of its own and is routed.
	 * @param key the key, or {@code null} for the routed key (none when the message has a topic of its own)
	 * @return the copy
	 */
	public EventMessage withKey(@Nullable String key) {
		return new EventMessage(this.event, this.topic, key, this.headers, this.eventType, this.eventId);
	}

	/**
	 * Returns a copy with one more header.
	 * @param name the header name; {@code ce_*} and {@code content-type} are reserved
	 * @param value the header value
	 * @return the copy
	 */
	public EventMessage withHeader(String name, @Nullable String value) {
		Map<String, @Nullable String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new EventMessage(this.event, this.topic, this.key, Collections.unmodifiableMap(copy), this.eventType,
				this.eventId);
	}

	/**
	 * Returns a copy with these headers added.
	 * @param headers the headers; {@code ce_*} and {@code content-type} are reserved
	 * @return the copy
	 */
	public EventMessage withHeaders(@Nullable Map<String, ? extends @Nullable String> headers) {
		if (headers == null || headers.isEmpty()) {
			return this;
		}
		Map<String, @Nullable String> copy = new LinkedHashMap<>(this.headers);
		copy.putAll(headers);
		return new EventMessage(this.event, this.topic, this.key, Collections.unmodifiableMap(copy), this.eventType,
				this.eventId);
	}

	/**
	 * Returns a copy with the given CloudEvents type ({@code ce_type}) instead of the routed one, or of the event's
	 * class name.
	 * @param eventType the event type, or {@code null} for the routed one
	 * @return the copy
	 */
	public EventMessage withEventType(@Nullable String eventType) {
		return new EventMessage(this.event, this.topic, this.key, this.headers, eventType, this.eventId);
	}

	/**
	 * Returns a copy with a fixed event id ({@code ce_id}). Consumers deduplicate on ({@code ce_source},
	 * {@code ce_id}), so an event published again must keep its id.
	 * @param eventId the event id
	 * @return the copy
	 */
	public EventMessage withEventId(@Nullable String eventId) {
		return new EventMessage(this.event, this.topic, this.key, this.headers, this.eventType, eventId);
	}

	/**
	 * Returns the event.
	 * @return the event
	 */
	public @Nullable Object event() {
		return this.event;
	}

	/**
	 * Returns the explicit topic, or {@code null} to route the event.
	 * @return the topic
	 */
	public @Nullable String topic() {
		return this.topic;
	}

	/**
	 * Returns the explicit key.
	 * @return the key
	 */
	public @Nullable String key() {
		return this.key;
	}

	/**
	 * Returns the extra headers.
	 * @return the headers, never {@code null}
	 */
	public Map<String, @Nullable String> headers() {
		return this.headers;
	}

	/**
	 * Returns the explicit CloudEvents type.
	 * @return the type, or {@code null} for the routed one
	 */
	public @Nullable String eventType() {
		return this.eventType;
	}

	/**
	 * Returns the fixed event id.
	 * @return the event id, or {@code null} to generate one
	 */
	public @Nullable String eventId() {
		return this.eventId;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof EventMessage that)) {
			return false;
		}
		return Objects.equals(this.event, that.event) && Objects.equals(this.topic, that.topic)
				&& Objects.equals(this.key, that.key) && this.headers.equals(that.headers)
				&& Objects.equals(this.eventType, that.eventType) && Objects.equals(this.eventId, that.eventId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.event, this.topic, this.key, this.headers, this.eventType, this.eventId);
	}

	@Override
	public String toString() {
		// The event itself is left out: payloads may hold personal data.
		return "EventMessage[eventId=" + this.eventId + ", type=" + this.eventType + ", topic=" + this.topic + "]";
	}

}
