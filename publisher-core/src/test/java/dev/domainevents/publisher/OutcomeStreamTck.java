/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK's publisher rules, applied to {@link DomainEventPublisher#publishAll}'s stream over a
 * well-behaved source, with a publisher whose futures complete at once. TestNG runs it, from
 * {@link OutcomeStreamTckTests}.
 */
public class OutcomeStreamTck extends FlowPublisherVerification<PublishOutcome<Integer>> {

	public OutcomeStreamTck() {
		super(new TestEnvironment(500, 100));
	}

	@Override
	public Flow.Publisher<PublishOutcome<Integer>> createFlowPublisher(long elements) {
		return publisher().publishAll(new RangeSource(elements));
	}

	DomainEventPublisher publisher() {
		return immediate();
	}

	@Override
	public Flow.Publisher<PublishOutcome<Integer>> createFailedFlowPublisher() {
		Flow.Publisher<Integer> failing = (subscriber) -> {
			subscriber.onSubscribe(new Flow.Subscription() {

				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}

			});
			subscriber.onError(new IllegalStateException("the source failed"));
		};
		return publisher().publishAll(failing);
	}

	// Every outcome is an element: the stream can be as long as its source.
	@Override
	public long maxElementsFromPublisher() {
		return Long.MAX_VALUE - 1;
	}

	/** The same rules with futures that complete on other threads, as a real publisher's do. */
	public static class Async extends OutcomeStreamTck {

		@Override
		DomainEventPublisher publisher() {
			DomainEventPublisher immediate = immediate();
			return new DomainEventPublisher() {

				@Override
				public CompletableFuture<PublishReceipt> publish(Object event) {
					return CompletableFuture.supplyAsync(() -> immediate.publish(event).join());
				}

				@Override
				public CompletableFuture<PublishReceipt> publish(EventMessage message) {
					return publish(message.event());
				}

			};
		}

	}

	private static DomainEventPublisher immediate() {
		return new DomainEventPublisher() {

			@Override
			public CompletableFuture<PublishReceipt> publish(Object event) {
				return CompletableFuture.completedFuture(
						new PublishReceipt(String.valueOf(event), "orders", 0, 0, Instant.EPOCH));
			}

			@Override
			public CompletableFuture<PublishReceipt> publish(EventMessage message) {
				return publish(message.event());
			}

		};
	}

}
