/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.routing.EventRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker-free tests of the pipeline's bookkeeping, with a producer that answers only when told.
 */
class KafkaDomainEventPublisherTests {

	private final StubProducer producer = new StubProducer("orders", "payments");

	private KafkaDomainEventPublisher publisher;

	@AfterEach
	void close() {
		if (this.publisher != null) {
			this.publisher.close(Duration.ofSeconds(5));
		}
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		ProducerFactory<byte[], byte[]> factory = () -> this.producer;
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.router((event) -> new EventRoute("orders", ((OrderPlaced) event).customerId(), null));
		customizer.accept(builder);
		this.publisher = builder.build();
		return this.publisher;
	}

	private void awaitSent(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() >= count);
	}

	@Test
	void publishNeverCallsTheProducerOnTheCallersThread() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		for (int i = 0; i < 100; i++) {
			publisher.publish(OrderPlaced.of("c", i));
		}
		awaitSent(100);
		assertThat(this.producer.sendingThreads).containsExactly("domain-events-dispatcher");
	}

	@Test
	void anAnswerArrivingAfterTheDeadlineChangesNothing() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofMillis(200)));
		CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c", 0));
		awaitSent(1);

		PublicationFailedException failure = Outcomes.failureOf(future);
		this.producer.completeNext();

		assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(failure.isPossiblyWritten()).isTrue();
		assertThat(Outcomes.failureOf(future)).isSameAs(failure);
		await().atMost(Duration.ofSeconds(5)).until(() -> publisher.stats().inFlightEvents() == 0);
		PublisherStats stats = publisher.stats();
		assertThat(stats.failed()).isEqualTo(1);
		assertThat(stats.succeeded()).isZero();
		assertThat(stats.pending()).isZero();
	}

	@Test
	void anErrorThrownBySendIsReportedOnceAsNotWritten() {
		this.producer.sendFailure = (record) -> new RecordTooLargeException("too large for the producer");
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});

		PublicationFailedException failure = Outcomes.failureOf(publisher.publish(OrderPlaced.of("c", 0)));

		assertThat(failure.getReason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
		assertThat(failure.isPossiblyWritten()).isFalse();
		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.getCause()).isInstanceOf(RecordTooLargeException.class);
		assertThat(publisher.stats().failed()).isEqualTo(1);
	}

	@Test
	void errorsReportedByTheCallbackAreClassified() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		CompletableFuture<PublishReceipt> timedOut = publisher.publish(OrderPlaced.of("c", 0));
		CompletableFuture<PublishReceipt> denied = publisher.publish(OrderPlaced.of("c", 1));
		CompletableFuture<PublishReceipt> acknowledged = publisher.publish(OrderPlaced.of("c", 2));
		awaitSent(3);

		this.producer.errorNext(new TimeoutException("Expiring 1 record(s) for orders-0: 120000 ms has passed"));
		this.producer.errorNext(new TopicAuthorizationException("Not authorized to access topics: [orders]"));
		this.producer.completeNext();

		PublicationFailedException timeout = Outcomes.failureOf(timedOut);
		assertThat(timeout.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(timeout.isPossiblyWritten()).isTrue();
		assertThat(timeout.isRetriable()).isTrue();
		PublicationFailedException authorization = Outcomes.failureOf(denied);
		assertThat(authorization.getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(authorization.isPossiblyWritten()).isFalse();
		assertThat(authorization.isRetriable()).isFalse();
		assertThat(acknowledged.join().topic()).isEqualTo("orders");
	}

	@Test
	void aTopicWithoutMetadataIsParkedInOrderWhileOtherTopicsFlow() {
		AtomicBoolean metadataArrived = new AtomicBoolean();
		this.producer.sendFailure = (record) -> (record.topic().equals("late") && !metadataArrived.get())
				? new TimeoutException("Topic late not present in metadata after 50 ms.") : null;
		StubProducer producer = this.producer;
		ProducerFactory<byte[], byte[]> factory = () -> producer;
		this.publisher = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.build();
		List<CompletableFuture<PublishReceipt>> late = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			late.add(this.publisher.publish("late", "k", OrderPlaced.of("k", i), Map.of()));
			this.publisher.publish("orders", "k", OrderPlaced.of("k", i), Map.of());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> sentTo("orders").size() == 20);
		assertThat(sentTo("late")).isEmpty();
		assertThat(late).allSatisfy((future) -> assertThat(future).isNotDone());

		metadataArrived.set(true);
		producer.topicsWithMetadata.add("late");
		await().atMost(Duration.ofSeconds(10)).until(() -> sentTo("late").size() == 20);
		assertThat(sentTo("late")).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> new String(new dev.domainevents.publisher.serialization.JsonEventSerializer()
					.serialize(OrderPlaced.of("k", i)), StandardCharsets.UTF_8))
				.toList());
	}

	@Test
	void aFullProducerBufferNeverParksATopicAndKeepsTheOrder() {
		// The producer's buffer.memory is full for the first two sends: batches of other partitions hold it.
		AtomicInteger bufferFull = new AtomicInteger(2);
		this.producer.sendFailure = (record) -> (bufferFull.getAndDecrement() > 0)
				? new BufferExhaustedException("Failed to allocate 16384 bytes within the configured max blocking time")
				: null;
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			futures.add(publisher.publish(OrderPlaced.of("k", i)));
		}
		awaitSent(20);
		for (int i = 0; i < 20; i++) {
			this.producer.completeNext();
		}

		assertThat(futures).allSatisfy((future) -> assertThat(future).succeedsWithin(Duration.ofSeconds(10)));
		assertThat(bufferFull.get()).as("both full-buffer sends happened").isNegative();
		assertThat(sentTo("orders")).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> new String(new dev.domainevents.publisher.serialization.JsonEventSerializer()
					.serialize(OrderPlaced.of("k", i)), StandardCharsets.UTF_8))
				.toList());
		// Asked for once, for the topic's first event, and never again: the full buffer did not park it.
		assertThat(publisher.metadataProbes()).isEqualTo(1);
		assertThat(publisher.stats().failed()).isZero();
	}

	private List<ProducerRecord<byte[], byte[]>> sentTo(String topic) {
		return this.producer.history().stream().filter((record) -> record.topic().equals(topic)).toList();
	}

	@Test
	void aClusterLevelDenialReplacesTheProducerAndATopicLevelDenialDoesNot() {
		AtomicInteger resets = new AtomicInteger();
		ProducerFactory<byte[], byte[]> factory = resetCountingFactory(resets);
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.router((event) -> new EventRoute("orders", null, null));
		// As if the publisher had created the factory from properties: only then may it replace the producer.
		builder.producerFactoryOwned = true;
		this.publisher = builder.build();
		CompletableFuture<PublishReceipt> topicDenied = this.publisher.publish(OrderPlaced.of("c", 0));
		awaitSent(1);
		this.producer.errorNext(new TopicAuthorizationException("Not authorized to access topics: [orders]"));
		assertThat(Outcomes.failureOf(topicDenied).getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		this.publisher.publish(OrderPlaced.of("c", 1));
		awaitSent(2);
		this.producer.completeNext();
		assertThat(resets).hasValue(0);

		CompletableFuture<PublishReceipt> clusterDenied = this.publisher.publish(OrderPlaced.of("c", 2));
		awaitSent(3);
		this.producer.errorNext(new ClusterAuthorizationException("Cluster authorization failed."));

		PublicationFailedException failure = Outcomes.failureOf(clusterDenied);
		assertThat(failure.getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.getCause()).isInstanceOf(ClusterAuthorizationException.class);
		await().atMost(Duration.ofSeconds(5)).untilAtomic(resets, org.hamcrest.Matchers.equalTo(1));
	}

	@Test
	void aProducerFactoryGivenToThePublisherIsNeverResetEvenAfterAClusterLevelDenial() {
		AtomicInteger resets = new AtomicInteger();
		this.publisher = KafkaDomainEventPublisher.builder()
			.producerFactory(resetCountingFactory(resets))
			.router((event) -> new EventRoute("orders", null, null))
			.build();
		CompletableFuture<PublishReceipt> clusterDenied = this.publisher.publish(OrderPlaced.of("c", 0));
		awaitSent(1);
		this.producer.errorNext(new ClusterAuthorizationException("Cluster authorization failed."));
		assertThat(Outcomes.failureOf(clusterDenied).getReason()).isEqualTo(FailureReason.AUTHORIZATION);
		// Longer than the first replacement back-off (1 s) of a factory the publisher owns; events still flow.
		CompletableFuture<PublishReceipt> later = null;
		long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
		int sent = 1;
		while (System.nanoTime() - until < 0) {
			later = this.publisher.publish(OrderPlaced.of("c", sent));
			awaitSent(++sent);
			this.producer.errorNext(new ClusterAuthorizationException("Cluster authorization failed."));
			Outcomes.failureOf(later);
		}
		assertThat(resets).hasValue(0);
		this.publisher.close(Duration.ofSeconds(1));
		assertThat(resets).as("close() does not reset a factory it did not create").hasValue(0);
	}

	private ProducerFactory<byte[], byte[]> resetCountingFactory(AtomicInteger resets) {
		StubProducer producer = this.producer;
		return new ProducerFactory<>() {

			@Override
			public org.apache.kafka.clients.producer.Producer<byte[], byte[]> createProducer() {
				return producer;
			}

			@Override
			public void reset() {
				resets.incrementAndGet();
			}

		};
	}

	@Test
	void closeFailsWhatTheProducerNeverAnsweredAndLeavesNothingPending() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			futures.add(publisher.publish(OrderPlaced.of("c", i)));
		}
		awaitSent(100);

		long start = System.nanoTime();
		publisher.close(Duration.ofMillis(300));

		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
		assertThat(futures).allSatisfy((future) -> {
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.SHUTTING_DOWN);
			assertThat(failure.isPossiblyWritten()).isTrue();
		});
		PublisherStats stats = publisher.stats();
		assertThat(stats.failed()).isEqualTo(100);
		assertThat(stats.pending()).isZero();
	}

}
