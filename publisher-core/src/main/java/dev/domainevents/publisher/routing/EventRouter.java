/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.routing;

import org.jspecify.annotations.Nullable;

/**
 * Finds the topic, key and type of an event published without an explicit topic. Runs on the caller's thread, so it
 * must be quick and must not block. An exception it throws fails that event alone with
 * {@link dev.domainevents.publisher.FailureReason#INVALID_EVENT}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventRouter {

	/**
	 * Routes an event.
	 * @param event the event, never {@code null}
	 * @return the route, or {@code null} when this router has none for the event
	 */
	@Nullable EventRoute route(Object event);

	/**
	 * A router that sends every event to one topic, without a key.
	 * @param topic the topic
	 * @return the router
	 */
	static EventRouter toTopic(String topic) {
		EventRoute route = EventRoute.to(topic);
		return (event) -> route;
	}

	/**
	 * A router that knows no route: only messages with an explicit topic can be published.
	 * @return the router
	 */
	static EventRouter none() {
		return (event) -> null;
	}

}
