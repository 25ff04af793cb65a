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
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

	private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);

	private final KafkaBroker broker;

	private final BuiltPublishers publishers = new BuiltPublishers();

	PublishingToANewTopicIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
	}

	@AfterEach
	void closePublishers() {
		this.publishers.closeAll(Duration.ofSeconds(10));
	}

	@Test
	void aBurstPublishedAsATopicIsCreatedIsAcknowledgedWithinSecondsFiftyTimesInARow() throws Exception {
		KafkaDomainEventPublisher publisher = this.publishers.build(KafkaDomainEventPublisher.builder()
			.bootstrapServers(this.broker.bootstrapServers())
			.source("/tests/new-topics")
			.deliveryTimeout(Duration.ofSeconds(20)));
		String text = "x".repeat(2048);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.broker.bootstrapServers()));
				CpuLoad load = CpuLoad.start(2, Duration.ofSeconds(90))) {
			// A producer that is connected and has its producer id: nothing but the new topic delays the burst.
			this.broker.createTopic("new-topics-warm-up", 1);
			publisher.publish("new-topics-warm-up", null, new Bulky(text), Map.of()).get(30, TimeUnit.SECONDS);
			for (int i = 0; i < TOPICS; i++) {
				String topic = "new-topic-" + i;
				// Only what an application does: CreateTopics returns once the controller has the topic.
				admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
				long start = System.nanoTime();
				List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
				for (int r = 0; r < BURST; r++) {
					futures.add(publisher.publish(topic, null, new Bulky(text), Map.of()));
				}
				CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
				assertThat(all).as("burst %d to a new topic", i).succeedsWithin(ANSWERED_WITHIN);
				assertThat(futures).as("burst %d", i).allMatch((future) -> future.join().topic().equals(topic));
				assertThat(System.nanoTime() - start).as("burst %d", i).isLessThan(ANSWERED_WITHIN.toNanos());
			}
		}
	}

	record Bulky(String text) {
	}

}
