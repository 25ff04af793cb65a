/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes;

import java.time.Duration;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's Mutiny recipes. Mutiny's {@code Multi} is a {@code java.util.concurrent.Flow.Publisher}: it goes into
 * {@code publishAll} and comes out of it without an adapter.
 */
class MutinyRecipeTests {

	@Test
	void singleEvent() {
		DomainEventPublisher publisher = StubPublisher.completing();
		// recipe: mutiny-uni
		// copy(): cancelling the Uni cancels the stage it was given, which must not be the publisher's own future
		Uni<PublishReceipt> receipt = Uni.createFrom().completionStage(() -> publisher.publish("order-placed").copy());
		// end
		assertThat(receipt.await().atMost(Duration.ofSeconds(5)).isPublished()).isTrue();
		assertThatThrownBy(() -> Uni.createFrom()
			.completionStage(() -> publisher.publish(StubPublisher.BAD).copy())
			.await()
			.atMost(Duration.ofSeconds(5))).isInstanceOf(PublicationFailedException.class);
	}

	@Test
	void cancellingTheUniDoesNotCancelThePublication() {
		StubPublisher publisher = StubPublisher.holding();
		Cancellable subscription = Uni.createFrom()
			.completionStage(() -> publisher.publish("order-placed").copy())
			.subscribe()
			.with((receipt) -> {
			});
		subscription.cancel();
		publisher.completeAll();
		assertThat(publisher.cancelCalls()).isZero();
		assertThat(publisher.futures.get(0).join().isPublished()).isTrue();
	}

	// What the recipe's copy() guards against: Mutiny cancels the stage when the Uni is cancelled.
	@Test
	void withoutCopyCancellingTheUniWouldCancelThePublishersFuture() {
		StubPublisher publisher = StubPublisher.holding();
		Uni.createFrom().completionStage(() -> publisher.publish("order-placed")).subscribe().with((receipt) -> {
		}).cancel();
		assertThat(publisher.cancelCalls()).isEqualTo(1);
	}

	@Test
	void stream() {
		DomainEventPublisher publisher = StubPublisher.completing();
		Multi<String> orders = Multi.createFrom().items("order-1", StubPublisher.BAD, "order-3");
		// recipe: mutiny-multi
		Multi<PublishOutcome<String>> outcomes = Multi.createFrom().publisher(publisher.publishAll(orders));
		// end
		List<PublishOutcome<String>> all = outcomes.collect().asList().await().atMost(Duration.ofSeconds(5));
		assertThat(all).extracting(PublishOutcome::event).containsExactly("order-1", StubPublisher.BAD, "order-3");
		assertThat(all).extracting(PublishOutcome::isSuccess).containsExactly(true, false, true);
	}

}
