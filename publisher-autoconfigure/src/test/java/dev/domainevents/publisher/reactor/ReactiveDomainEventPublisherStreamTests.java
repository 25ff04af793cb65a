/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.publisher.PublishOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link ReactiveDomainEventPublisher#publishAll} over the interface's own {@code publishAll}, against a stub
 * publisher: a {@code Flux} in, a {@code Flux} of outcomes out, with the stream's backpressure and cancellation.
 */
class ReactiveDomainEventPublisherStreamTests {

	@Test
	void everyEventHasAnOutcomeInOrderAndFailuresAreValues() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.failing((event) -> (Integer) event % 5 == 0);
		List<PublishOutcome<Integer>> outcomes = new ReactiveDomainEventPublisher(stub).publishAll(Flux.range(1, 20))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(outcomes).extracting(PublishOutcome::event)
			.containsExactlyElementsOf(Flux.range(1, 20).toIterable());
		assertThat(outcomes).extracting(PublishOutcome::sequence).isSorted();
		assertThat(outcomes).filteredOn((outcome) -> !outcome.isSuccess())
			.extracting(PublishOutcome::event)
			.containsExactly(5, 10, 15, 20);
		assertThat(outcomes).filteredOn(PublishOutcome::isSuccess).allSatisfy((outcome) -> {
			assertThat(outcome.isPublished()).isTrue();
			assertThat(outcome.failure()).isNull();
		});
	}

	@Test
	void theSourceIsPulledNoFurtherThanTheBoundOfOutstandingEvents() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.holding();
		AtomicLong requested = new AtomicLong();
		Flux<Integer> source = Flux.range(1, 100).doOnRequest((n) -> requested.addAndGet(Math.min(n, 1_000)));
		Disposable subscription = new ReactiveDomainEventPublisher(stub)
			.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(4))
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> stub.messages.size() == 4);
		assertThat(requested.get()).isLessThanOrEqualTo(4);
		stub.completeAll();
		await().atMost(Duration.ofSeconds(5)).until(() -> stub.messages.size() == 8);
		subscription.dispose();
	}

	@Test
	void cancellingTheOutcomesCancelsTheSourceButNotTheAcceptedEvents() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.holding();
		AtomicBoolean sourceCancelled = new AtomicBoolean();
		Flux<Integer> source = Flux.range(1, 100).doOnCancel(() -> sourceCancelled.set(true));
		Disposable subscription = new ReactiveDomainEventPublisher(stub)
			.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(3))
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> stub.messages.size() == 3);
		subscription.dispose();
		await().atMost(Duration.ofSeconds(5)).untilTrue(sourceCancelled);
		assertThat(stub.futures).allSatisfy((future) -> assertThat(future.cancelCalls).hasValue(0));
		stub.completeAll();
		assertThat(stub.futures).allSatisfy((future) -> assertThat(future).isCompleted().isNotCancelled());
		assertThat(stub.messages).hasSize(3);
	}

	@Test
	void takeEndsTheStreamAfterTheOutcomesItWants() {
		StubDomainEventPublisher stub = StubDomainEventPublisher.succeeding();
		List<PublishOutcome<Integer>> outcomes = new ReactiveDomainEventPublisher(stub)
			.publishAll(Flux.range(1, 1_000))
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(outcomes).extracting(PublishOutcome::event).containsExactly(1, 2, 3);
	}

}
