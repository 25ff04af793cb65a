/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes;

import java.util.List;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.FlowAdapters;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's RxJava 3 recipes.
 */
class RxJavaRecipeTests {

	@Test
	void singleEvent() {
		DomainEventPublisher publisher = StubPublisher.completing();
		// recipe: rxjava-single
		// defer: publish at subscription, as Rx users expect; disposing never cancels the publisher's future
		Single<PublishReceipt> receipt = Single
			.defer(() -> Single.fromCompletionStage(publisher.publish("order-placed")));
		// end
		assertThat(receipt.blockingGet().isPublished()).isTrue();
		assertThatThrownBy(() -> Single.fromCompletionStage(publisher.publish(StubPublisher.BAD)).blockingGet())
			.isInstanceOf(PublicationFailedException.class);
	}

	@Test
	void disposingTheSingleDoesNotCancelThePublication() {
		StubPublisher publisher = StubPublisher.holding();
		Disposable subscription = Single.fromCompletionStage(publisher.publish("order-placed")).subscribe();
		subscription.dispose();
		publisher.completeAll();
		assertThat(publisher.cancelCalls()).isZero();
		assertThat(publisher.futures.get(0).join().isPublished()).isTrue();
	}

	@Test
	void stream() {
		DomainEventPublisher publisher = StubPublisher.completing();
		Flowable<String> orders = Flowable.just("order-1", StubPublisher.BAD, "order-3");
		// recipe: rxjava-stream
		Flowable<PublishOutcome<String>> outcomes = Flowable
			.fromPublisher(FlowAdapters.toPublisher(publisher.publishAll(FlowAdapters.toFlowPublisher(orders))));
		// end
		List<PublishOutcome<String>> all = outcomes.toList().blockingGet();
		assertThat(all).extracting(PublishOutcome::event).containsExactly("order-1", StubPublisher.BAD, "order-3");
		assertThat(all).extracting(PublishOutcome::isSuccess).containsExactly(true, false, true);
	}

}
