/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.concurrent.Flow;

/**
 * The stream {@link DomainEventPublisher#publishAll} returns. Package-private: it is written against the API alone
 * ({@code publish()} and, when the publisher offers it, {@link PublisherInspection}), so that every implementation of
 * the interface, test doubles included, streams the same way.
 */
final class OutcomeStream<E> implements Flow.Publisher<PublishOutcome<E>> {

	private final DomainEventPublisher publisher;

	private final Flow.Publisher<? extends E> source;

	private final PublishAllOptions options;

	OutcomeStream(DomainEventPublisher publisher, Flow.Publisher<? extends E> source, PublishAllOptions options) {
		this.publisher = publisher;
		this.source = source;
		this.options = options;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super PublishOutcome<E>> subscriber) {
		throw new UnsupportedOperationException("not yet");
	}

}
