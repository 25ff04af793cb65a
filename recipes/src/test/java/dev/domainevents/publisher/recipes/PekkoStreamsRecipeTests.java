/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublishOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Pekko Streams recipe: {@code JavaFlowSupport} turns a {@code Source} into the
 * {@code java.util.concurrent.Flow.Publisher} that {@code publishAll} takes, and its result back into a
 * {@code Source}.
 */
class PekkoStreamsRecipeTests {

	private static ActorSystem system;

	@BeforeAll
	static void startActorSystem() {
		system = ActorSystem.create("recipes");
	}

	@AfterAll
	static void stopActorSystem() throws Exception {
		system.terminate();
		system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
	}

	@Test
	void stream() throws Exception {
		DomainEventPublisher publisher = StubPublisher.completing();
		// recipe: pekko-stream
		Flow.Publisher<String> orders = Source.from(List.of("order-1", StubPublisher.BAD, "order-3"))
			.runWith(JavaFlowSupport.Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), system);
		CompletionStage<List<PublishOutcome<String>>> outcomes = JavaFlowSupport.Source
			.fromPublisher(publisher.publishAll(orders))
			.runWith(Sink.seq(), system);
		// end
		List<PublishOutcome<String>> all = outcomes.toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(all).extracting(PublishOutcome::event).containsExactly("order-1", StubPublisher.BAD, "order-3");
		assertThat(all).extracting(PublishOutcome::isSuccess).containsExactly(true, false, true);
	}

}
