/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Publishes domain events to Kafka. Each call returns a future that completes exactly once: with a
 * {@link PublishReceipt} once Kafka acknowledged the record, or exceptionally with a
 * {@link PublicationFailedException} that carries the event, its id, the reason and whether the record may have been
 * written anyway.
 * <p>
 * Calls never throw for runtime conditions (a full queue, a shutdown, an invalid or unserializable event): every
 * problem arrives once, through the future. A call never waits on Kafka; it waits only as long as the configured
 * {@link OverflowPolicy} allows when the queue is full.
 * <p>
 * Completion callbacks never run on Kafka's network thread. They run on the publisher's completion threads (or,
 * for an event rejected at once, on the caller's thread); blocking work belongs in the {@code *Async} variants.
 *
 * @since 0.1.0
 */
public interface DomainEventPublisher {

	/**
	 * Publishes an event to the topic and with the key its routing gives it. An {@link EventMessage} given here is
	 * published as the message it is, as by {@link #publish(EventMessage)}.
	 * @param event the event; {@code null} fails the future with {@link FailureReason#INVALID_EVENT}
	 * @return the outcome of this event
	 */
	CompletableFuture<PublishReceipt> publish(@Nullable Object event);

	/**
	 * Publishes an event to an explicit topic, with an explicit key and extra headers.
	 * @param topic the topic
	 * @param key the record key; events with the same key keep their publish order; {@code null} for none
	 * @param event the event
	 * @param headers extra record headers; names starting with {@code ce_} and {@code content-type} are reserved
	 * @return the outcome of this event
	 */
	default CompletableFuture<PublishReceipt> publish(String topic, @Nullable String key, @Nullable Object event,
			Map<String, String> headers) {
		return publish(EventMessage.of(event).withTopic(topic).withKey(key).withHeaders(headers));
	}

	/**
	 * Publishes a prepared message: an event with any of topic, key, headers, type and event id fixed. A failed
	 * event is published again, keeping its event id, with
	 * {@code publish(failure.toEventMessage())}.
	 * @param message the message
	 * @return the outcome of this event
	 */
	CompletableFuture<PublishReceipt> publish(EventMessage message);

	/**
	 * Publishes a stream of events with backpressure, with the {@linkplain PublishAllOptions#defaults() default
	 * options}.
	 * @param <E> the type of the events
	 * @param events the source; each element is published as by {@link #publish(Object)}
	 * @return the outcomes, one per event
	 * @see #publishAll(Flow.Publisher, PublishAllOptions)
	 * @since 0.1.0
	 */
	default <E> Flow.Publisher<PublishOutcome<E>> publishAll(Flow.Publisher<? extends E> events) {
		return publishAll(events, PublishAllOptions.defaults());
	}

	/**
	 * Publishes a stream of events with backpressure. Subscribing to the result subscribes to the source; the source
	 * is asked for no more than the subscriber's demand, the options' bound on outstanding events and (for a
	 * publisher that tells) the free room in the publisher's queue allow, so a stream never meets the overflow
	 * policy; while Kafka does not answer, the source is not pulled. Each event's outcome, success or failure, is a
	 * {@link PublishOutcome}: the stream completes normally even when events failed. After a retriable failure the
	 * stream stops pulling for a backoff, then probes with one event; non-retriable failures do not slow it.
	 * <p>
	 * {@code onError} comes only for the source's own error (after the outcomes of the events accepted before it), a
	 * closing publisher, or a breach of the Reactive Streams rules ({@code request(n <= 0)}, a {@code null} element).
	 * Cancelling the result cancels the source at once; events already accepted still complete within their deadline,
	 * and their outcomes still reach the {@link PublicationListener}s and meters, but not the cancelled subscriber.
	 * @param <E> the type of the events
	 * @param events the source; each element is published as by {@link #publish(Object)}
	 * @param options the bound, the order and the backoff
	 * @return the outcomes, one per event; each subscription subscribes to the source once
	 * @since 0.1.0
	 */
	default <E> Flow.Publisher<PublishOutcome<E>> publishAll(Flow.Publisher<? extends E> events,
			PublishAllOptions options) {
		return new OutcomeStream<>(this, events, options);
	}

}
