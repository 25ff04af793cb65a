/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.test.CpuLoad;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst published the moment a topic is created, on a loaded machine: its events are parked until the topic's
 * metadata appears, and released only once every partition answers, so none meets the window in which the broker
 * shows a leader for a partition it has not created yet. A batch sent in that window gets
 * {@code NOT_LEADER_OR_FOLLOWER}, can be overtaken, and is then refused with {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
 * until the delivery timeout (KAFKA-15591).
 */
@WithKafkaBroker
class PublishingToANewTopicIntegrationTests {

	private static final int TOPICS = 50;

	/** Ten batches of seven 2 KiB records, over three partitions, with five requests in flight. */
	private static final int BURST = 70;

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingToANewTopicIntegrationTests(KafkaBroker broker) {
		this.fixture = PublisherFixture.on(broker);
	}

	@Test
	void aBurstPublishedAsATopicIsCreatedIsAcknowledgedWithoutARetryFiftyTimesInARow() throws Exception {
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> builder.source("/tests/new-topics")
			.deliveryTimeout(DELIVERY_TIMEOUT));
		String text = "x".repeat(2048);
		Admin admin = this.fixture.admin();
		try (CpuLoad load = CpuLoad.start(2, Duration.ofSeconds(90))) {
			// A producer that is connected and has its producer id: nothing but the new topic delays the burst.
			this.fixture.broker().createTopic("new-topics-warm-up", 1);
			publisher.publish("new-topics-warm-up", null, new Bulky(text), Map.of()).get(30, TimeUnit.SECONDS);
			for (int i = 0; i < TOPICS; i++) {
				String topic = "new-topic-" + i;
				// Only what an application does: CreateTopics returns once the controller has the topic.
				admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
				List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
				for (int r = 0; r < BURST; r++) {
					futures.add(publisher.publish(topic, null, new Bulky(text), Map.of()));
				}
				// A batch sent too early is refused until its delivery timeout: waited for longer than that, it fails.
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
					.get(DELIVERY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
				assertThat(futures).as("burst %d", i)
					.allSatisfy((future) -> assertThat(future).isCompletedWithValueMatching(
							(receipt) -> receipt.topic().equals(topic)));
				// Released only once every partition answers: no batch met NOT_LEADER_OR_FOLLOWER and was sent again.
				assertThat(producerMetric(publisher, "record-retry-total")).as("records retried after burst %d", i)
					.isZero();
			}
		}
	}

	private static double producerMetric(KafkaDomainEventPublisher publisher, String name) {
		return publisher.producerMetrics()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().group().equals("producer-metrics") && entry.getKey().name().equals(name))
			.mapToDouble((entry) -> ((Number) entry.getValue().metricValue()).doubleValue())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no producer metric " + name));
	}

	record Bulky(String text) {
	}

}
