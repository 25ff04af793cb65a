/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The stream {@link DomainEventPublisher#publishAll} returns. Package-private, and written against the API alone
 * ({@code publish()} and, when the publisher offers it, {@link PublisherInspection}), so that every implementation of
 * the interface, test doubles included, streams the same way. Each subscription subscribes to the source once; see
 * {@link OutcomeBridge} for how demand, order and backoff work.
 */
final class OutcomeStream<E> implements Flow.Publisher<PublishOutcome<E>> {

	private final DomainEventPublisher publisher;

	private final Flow.Publisher<? extends E> source;

	private final PublishAllOptions options;

	OutcomeStream(DomainEventPublisher publisher, Flow.Publisher<? extends E> source, PublishAllOptions options) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		this.source = Objects.requireNonNull(source, "events");
		this.options = Objects.requireNonNull(options, "options");
	}

	@Override
	public void subscribe(Flow.Subscriber<? super PublishOutcome<E>> subscriber) {
		Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
		OutcomeBridge<E> bridge = new OutcomeBridge<>(this.publisher, subscriber, this.options);
		subscriber.onSubscribe(bridge);
		this.source.subscribe(bridge);
	}

	/** The outcome of one event, from its future. */
	static PublicationFailedException failureOf(Object event, Throwable error) {
		Throwable cause = error;
		while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof PublicationFailedException failure) {
			return failure;
		}
		EventMessage message = (event instanceof EventMessage given) ? given : EventMessage.of(event);
		return new PublicationFailedException(FailureReason.OTHER, "the publisher failed the event's future with "
				+ cause.getClass().getName(), cause, message, false, false);
	}

	static CompletableFuture<PublishReceipt> publishQuietly(DomainEventPublisher publisher, Object event) {
		try {
			CompletableFuture<PublishReceipt> future = publisher.publish(event);
			return (future != null) ? future
					: CompletableFuture.failedFuture(new IllegalStateException("publish() returned null"));
		}
		catch (RuntimeException ex) {
			// The publisher promises not to throw; a test double might. The stream goes on all the same.
			return CompletableFuture.failedFuture(ex);
		}
	}

}
