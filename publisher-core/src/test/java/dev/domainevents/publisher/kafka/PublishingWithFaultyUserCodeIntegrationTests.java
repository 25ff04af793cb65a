/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.serialization.JsonEventSerializer;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's code may throw anything, and run on any thread it likes: the pipeline's threads survive it, and
 * Kafka's network thread never runs it.
 */
@WithKafkaBroker
class PublishingWithFaultyUserCodeIntegrationTests {

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingWithFaultyUserCodeIntegrationTests(KafkaBroker broker) {
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("faulty", 3)
			.defaults((builder) -> builder.deliveryTimeout(DELIVERY_TIMEOUT))
			.routingOrdersToTheTopic(null);
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	@Test
	void errorsThrownByAListenerAndASerializerLeaveEveryFutureCompletedWithinItsBound() throws Exception {
		JsonEventSerializer json = new JsonEventSerializer();
		PublicationListener throwing = new PublicationListener() {

			@Override
			public void onSuccess(PublishReceipt receipt, Duration latency) {
				throw new Error("a listener's error on every success");
			}

			@Override
			public void onFailure(PublicationFailedException failure, Duration latency) {
				throw new Error("a listener's error on every failure");
			}

			@Override
			public void onRejection(PublicationFailedException failure) {
				throw new Error("a listener's error on every rejection");
			}

		};
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.listener(throwing)
			.serializer((event) -> {
				if (((OrderPlaced) event).sequence() % 10 == 0) {
					throw new Error("a serializer's error on every tenth event");
				}
				return json.serialize(event);
			}));

		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < 1_000; i++) {
			futures.add(publisher.publish(OrderPlaced.of("c" + (i % 5), i)));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
			.get(DELIVERY_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		for (int i = 0; i < futures.size(); i++) {
			CompletableFuture<PublishReceipt> future = futures.get(i);
			if (i % 10 == 0) {
				PublicationFailedException failure = Outcomes.failureOf(future);
				assertThat(failure.getReason()).isEqualTo(FailureReason.SERIALIZATION);
				assertThat(failure.getCause()).hasMessage("a serializer's error on every tenth event");
				assertThat(failure.getEvent()).isEqualTo(OrderPlaced.of("c" + (i % 5), i));
			}
			else {
				assertThat(future.get().offset()).isNotNegative();
			}
		}
		PublisherStats stats = publisher.stats();
		assertThat(stats.succeeded()).isEqualTo(900);
		assertThat(stats.rejected()).isEqualTo(100);
		assertThat(stats.pending()).isZero();
		assertThat(publisher.threadProblem()).as("no thread of the publisher was lost").isNull();
		// The pipeline goes on: a later event still succeeds.
		assertThat(publisher.publish(OrderPlaced.of("later", 1)).get(10, TimeUnit.SECONDS).offset()).isNotNegative();
		System.out.println("Errors from a listener and a serializer: 1,000 futures completed in " + tookMillis + " ms");
	}

	@Test
	void aCompletionExecutorThatRunsTasksInlineNeverRunsCallbacksOnKafkasNetworkThread() throws Exception {
		Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
		Set<String> listenerThreads = ConcurrentHashMap.newKeySet();
		PublicationListener recording = new PublicationListener() {

			@Override
			public void onSuccess(PublishReceipt receipt, Duration latency) {
				listenerThreads.add(Thread.currentThread().getName());
			}

		};
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.completionExecutor(Runnable::run)
			.listener(recording));

		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c" + (i % 7), i));
			future.thenRun(() -> callbackThreads.add(Thread.currentThread().getName()));
			futures.add(future);
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		System.out.println("Inline completion executor: callbacks ran on " + callbackThreads + ", listeners on "
				+ listenerThreads);
		assertThat(callbackThreads).isNotEmpty()
			.noneMatch((name) -> name.startsWith("kafka-producer-network-thread"))
			.noneMatch((name) -> name.startsWith("domain-events-deadlines"));
		assertThat(listenerThreads).isNotEmpty()
			.noneMatch((name) -> name.startsWith("kafka-producer-network-thread"));
	}

}
