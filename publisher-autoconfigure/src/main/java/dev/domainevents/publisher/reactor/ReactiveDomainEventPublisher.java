/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.reactor;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;

/**
 * A {@link DomainEventPublisher} seen through Project Reactor: {@link Mono} for one event, {@link Flux} for a stream.
 * <p>
 * Both are lazy, like {@link Mono#defer}: nothing is published until subscription, and each subscription publishes
 * again (so {@code retry()} publishes the event once more, with a new event id unless the event is an
 * {@link EventMessage} with its id fixed).
 * <p>
 * <b>Cancelling does not unpublish.</b> Once subscribed, an event is in the publisher's hands: cancelling the
 * {@code Mono} (a {@code timeout()}, a {@code take()}, a client that went away) only stops listening. The event is
 * still published, and its outcome still reaches the publisher's listeners and meters; the publisher's future is
 * never cancelled. Likewise, cancelling a {@link #publishAll} stream cancels its source, but events already accepted
 * still complete.
 * <p>
 * Failures are those of the publisher: a {@code Mono} fails with a {@link PublicationFailedException}; a
 * {@code publishAll} stream carries failures as {@link PublishOutcome} values and completes normally.
 *
 * @since 0.1.0
 */
public final class ReactiveDomainEventPublisher {

	private final DomainEventPublisher publisher;

	/**
	 * Wraps a publisher.
	 * @param publisher the publisher that does the work
	 */
	public ReactiveDomainEventPublisher(DomainEventPublisher publisher) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
	}

	/**
	 * Publishes an event at subscription, as by {@link DomainEventPublisher#publish(Object)}. Cancelling the
	 * {@code Mono} does not cancel the publication.
	 * @param event the event; {@code null} fails the {@code Mono} with a {@link PublicationFailedException}
	 * @return the receipt, or a {@link PublicationFailedException}
	 */
	public Mono<PublishReceipt> publish(@Nullable Object event) {
		// suppressCancel: a cancelled subscriber must not cancel the publisher's future (and with it the outcome
		// that listeners and meters get); the event is published all the same.
		return Mono.fromFuture(() -> this.publisher.publish(event), true);
	}

	/**
	 * Publishes a prepared message at subscription, as by {@link DomainEventPublisher#publish(EventMessage)}.
	 * Cancelling the {@code Mono} does not cancel the publication.
	 * @param message the message
	 * @return the receipt, or a {@link PublicationFailedException}
	 */
	public Mono<PublishReceipt> publish(EventMessage message) {
		Objects.requireNonNull(message, "message");
		return Mono.fromFuture(() -> this.publisher.publish(message), true);
	}

	/**
	 * Publishes a stream of events with backpressure and the default options, as by
	 * {@link DomainEventPublisher#publishAll(java.util.concurrent.Flow.Publisher)}.
	 * @param <E> the type of the events
	 * @param events the source, any Reactive Streams publisher ({@code Flux} included)
	 * @return the outcomes, one per event, failures included
	 */
	public <E> Flux<PublishOutcome<E>> publishAll(Publisher<? extends E> events) {
		return publishAll(events, PublishAllOptions.defaults());
	}

	/**
	 * Publishes a stream of events with backpressure, as by
	 * {@link DomainEventPublisher#publishAll(java.util.concurrent.Flow.Publisher, PublishAllOptions)}. Each
	 * subscription subscribes to the source anew.
	 * @param <E> the type of the events
	 * @param events the source, any Reactive Streams publisher ({@code Flux} included)
	 * @param options the bound on outstanding events, the order and the backoff
	 * @return the outcomes, one per event, failures included
	 */
	public <E> Flux<PublishOutcome<E>> publishAll(Publisher<? extends E> events, PublishAllOptions options) {
		Objects.requireNonNull(events, "events");
		Objects.requireNonNull(options, "options");
		// The publisher's stream may be subscribed to once: defer builds one per subscription.
		return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(
				this.publisher.publishAll(JdkFlowAdapter.publisherToFlowPublisher(Flux.<E>from(events)), options)));
	}

	/**
	 * The publisher this one wraps.
	 * @return the publisher
	 */
	public DomainEventPublisher publisher() {
		return this.publisher;
	}

}
