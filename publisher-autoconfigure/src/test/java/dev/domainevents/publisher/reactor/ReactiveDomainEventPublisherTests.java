/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.reactor;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ReactiveDomainEventPublisher} against a stub publisher. The streams of the interface's own
 * {@code publishAll} are in {@link ReactiveDomainEventPublisherStreamTests}; here {@code publishAll} is a stand-in,
 * to test what the adapter itself does with it.
 */
class ReactiveDomainEventPublisherTests {

	@Test
	void publishesOnlyAtSubscription() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.succeeding();
		Mono<PublishReceipt> mono = new ReactiveDomainEventPublisher(stub).publish("order-placed");
		assertThat(stub.messages).isEmpty();
		PublishReceipt receipt = mono.block();
		assertThat(receipt).isNotNull();
		assertThat(receipt.isPublished()).isTrue();
		assertThat(stub.messages).singleElement()
			.satisfies((message) -> assertThat(message.event()).isEqualTo("order-placed"));
	}

	@Test
	void eachSubscriptionPublishesAgain() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.succeeding();
		Mono<PublishReceipt> mono = new ReactiveDomainEventPublisher(stub).publish("order-placed");
		mono.block();
		mono.block();
		assertThat(stub.messages).hasSize(2);
	}

	@Test
	void aFailureArrivesAsThePublicationFailedException() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.failing("bad"::equals);
		assertThatThrownBy(() -> new ReactiveDomainEventPublisher(stub).publish("bad").block())
			.isInstanceOfSatisfying(PublicationFailedException.class, (failure) -> {
				assertThat(failure.getReason()).isEqualTo(FailureReason.SERIALIZATION);
				assertThat(failure.getEvent()).isEqualTo("bad");
			});
		assertThatThrownBy(() -> new ReactiveDomainEventPublisher(stub).publish((Object) null).block())
			.isInstanceOfSatisfying(PublicationFailedException.class,
					(failure) -> assertThat(failure.getReason()).isEqualTo(FailureReason.INVALID_EVENT));
	}

	@Test
	void anEventMessageIsPublishedAsTheMessageItIs() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.succeeding();
		EventMessage message = EventMessage.of("order-placed").withTopic("orders").withKey("o-1");
		PublishReceipt receipt = new ReactiveDomainEventPublisher(stub).publish(message).block();
		assertThat(receipt).isNotNull();
		assertThat(receipt.topic()).isEqualTo("orders");
		assertThat(stub.messages).containsExactly(message);
	}

	@Test
	void cancellingTheMonoDoesNotCancelThePublication() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.holding();
		AtomicReference<Object> seen = new AtomicReference<>();
		Disposable subscription = new ReactiveDomainEventPublisher(stub).publish("order-placed")
			.subscribe(seen::set, seen::set);
		assertThat(stub.futures).hasSize(1);
		subscription.dispose();
		StubDomainEventPublisher.TrackedFuture future = stub.futures.get(0);
		assertThat(future.cancelCalls).as("calls to cancel on the publisher's future").hasValue(0);
		assertThat(future).isNotCancelled().isNotDone();
		stub.completeAll();
		assertThat(future).isCompleted().isNotCancelled();
		assertThat(future.join().isPublished()).isTrue();
		assertThat(seen).as("what the cancelled subscriber got").hasValue(null);
		assertThat(stub.messages).hasSize(1);
	}

	@Test
	void cancellingTheMonoOfAnEventMessageDoesNotCancelThePublicationEither() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.holding();
		new ReactiveDomainEventPublisher(stub).publish(EventMessage.of("order-placed").withTopic("orders"))
			.subscribe()
			.dispose();
		assertThat(stub.futures).singleElement().satisfies((future) -> {
			assertThat(future.cancelCalls).hasValue(0);
			assertThat(future).isNotCancelled();
		});
	}

	// What the test above guards against: Reactor's plain fromFuture cancels the future when the Mono is cancelled.
	@Test
	void reactorsPlainFromFutureWouldCancelThePublishersFuture() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.holding();
		Mono.fromFuture(() -> stub.publish("order-placed")).subscribe().dispose();
		assertThat(stub.futures).singleElement().satisfies((future) -> {
			assertThat(future.cancelCalls).hasValue(1);
			assertThat(future).isCancelled();
		});
	}

	@Test
	void publishAllHandsTheSourceAndTheOptionsToThePublisherAtEachSubscription() {
		StandInStreamPublisher stub = new StandInStreamPublisher();
		PublishAllOptions options = PublishAllOptions.defaults().withMaxOutstanding(8);
		AtomicInteger sourceSubscriptions = new AtomicInteger();
		Flux<String> source = Flux.just("a", "b", "c")
			.doOnSubscribe((subscription) -> sourceSubscriptions.incrementAndGet());
		Flux<PublishOutcome<String>> outcomes = new ReactiveDomainEventPublisher(stub).publishAll(source, options);
		assertThat(stub.options).as("publishAll called before subscription").isEmpty();
		assertThat(outcomes.collectList().block()).extracting(PublishOutcome::event).containsExactly("a", "b", "c");
		assertThat(outcomes.collectList().block()).extracting(PublishOutcome::sequence).containsExactly(0L, 1L, 2L);
		assertThat(stub.options).containsExactly(options, options);
		assertThat(sourceSubscriptions).hasValue(2);
	}

	@Test
	void publishAllWithoutOptionsUsesTheDefaults() {
		StandInStreamPublisher stub = new StandInStreamPublisher();
		new ReactiveDomainEventPublisher(stub).publishAll(Flux.just(1, 2)).blockLast();
		assertThat(stub.options).containsExactly(PublishAllOptions.defaults());
	}

	/** A publisher whose publishAll turns each event into a success, recording the options it was given. */
	static final class StandInStreamPublisher implements DomainEventPublisher {

		final List<PublishAllOptions> options = new CopyOnWriteArrayList<>();

		@Override
		public CompletableFuture<PublishReceipt> publish(Object event) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(EventMessage message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <E> Flow.Publisher<PublishOutcome<E>> publishAll(Flow.Publisher<? extends E> events,
				PublishAllOptions options) {
			this.options.add(options);
			return JdkFlowAdapter.publisherToFlowPublisher(JdkFlowAdapter.flowPublisherToFlux(events)
				.index()
				.map((indexed) -> PublishOutcome.<E>succeeded(indexed.getT2(), indexed.getT1(),
						new PublishReceipt("id", "events", 0, indexed.getT1(), Instant.EPOCH))));
		}

	}

}
