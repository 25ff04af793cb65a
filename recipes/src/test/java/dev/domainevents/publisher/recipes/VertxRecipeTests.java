/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's Vert.x recipes. The publisher completes its futures on its own threads: given a context, Vert.x runs
 * the callbacks on it instead.
 */
class VertxRecipeTests {

	private final Vertx vertx = Vertx.vertx();

	@AfterEach
	void closeVertx() throws Exception {
		this.vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
	}

	@Test
	void singleEvent() throws Exception {
		DomainEventPublisher publisher = StubPublisher.completing();
		// recipe: vertx-future
		Future<PublishReceipt> receipt = Future.fromCompletionStage(publisher.publish("order-placed"));
		// end
		assertThat(receipt.await(5, TimeUnit.SECONDS).isPublished()).isTrue();
		Future<PublishReceipt> failed = Future.fromCompletionStage(publisher.publish(StubPublisher.BAD));
		assertThat(failed.failed()).isTrue();
		assertThat(failed.cause()).isInstanceOf(PublicationFailedException.class);
	}

	@Test
	void callbacksRunOnTheContextGiven() throws Exception {
		StubPublisher publisher = StubPublisher.holding();
		Context context = this.vertx.getOrCreateContext();
		CompletableFuture<Context> ranOn = new CompletableFuture<>();
		context.runOnContext((ignored) -> {
			// recipe: vertx-future-context
			Future<PublishReceipt> receipt = Future.fromCompletionStage(publisher.publish("order-placed"),
					Vertx.currentContext());
			// end
			receipt.onSuccess((published) -> ranOn.complete(Vertx.currentContext()));
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> !publisher.futures.isEmpty());
		publisher.completeAll(); // on this test's thread, not the event loop
		assertThat(ranOn.get(5, TimeUnit.SECONDS)).isSameAs(context);
	}

}
