/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.routing;

import org.jspecify.annotations.Nullable;

/**
 * Where an event goes and how it is identified on the way.
 *
 * @param topic the topic
 * @param key the record key, or {@code null} for none; events with the same key keep their publish order
 * @param eventType the CloudEvents type ({@code ce_type}), or {@code null} for the event's class name
 * @since 0.1.0
 */
public record EventRoute(String topic, @Nullable String key, @Nullable String eventType) {

	/**
	 * A route to a topic, without a key.
	 * @param topic the topic
	 * @return the route
	 */
	public static EventRoute to(String topic) {
		return new EventRoute(topic, null, null);
	}

	/**
	 * Returns this route with a key.
	 * @param key the key
	 * @return the route
	 */
	public EventRoute withKey(@Nullable String key) {
		return new EventRoute(this.topic, key, this.eventType);
	}

	/**
	 * Returns this route with a CloudEvents type.
	 * @param eventType the type
	 * @return the route
	 */
	public EventRoute withEventType(@Nullable String eventType) {
		return new EventRoute(this.topic, this.key, eventType);
	}

}
