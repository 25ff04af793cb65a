/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code createTopic} returns only once a producer can write to every partition: a burst sent at once by an idempotent
 * producer that is already connected is never refused and retried. Before it waited for ListOffsets, one such burst in
 * about ten, under CPU load, got {@code NOT_LEADER_OR_FOLLOWER} for its first batch of a partition (the broker's
 * metadata had the leader, the broker did not have the partition yet), and that batch, overtaken, was then refused
 * with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout (KAFKA-15591).
 */
@WithKafkaBroker
class CreatedTopicIntegrationTests {

	private static final int TOPICS = 20;

	/** Ten batches of seven 2 KiB records, over three partitions, with five requests in flight. */
	private static final int BURST = 70;

	private final KafkaBroker broker;

	CreatedTopicIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
	}

	@Test
	void everyPartitionAnswersListOffsetsWhenCreateTopicReturns() throws Exception {
		try (Admin admin = BrokerClients.admin(this.broker.bootstrapServers(), Map.of(), Duration.ofSeconds(10))) {
			for (int i = 0; i < 5; i++) {
				String topic = "created-list-offsets-" + i;
				this.broker.createTopic(topic, 3);
				assertThat(BrokerClients.allPartitionsAnswerListOffsets(admin, topic, 3)).isTrue();
			}
		}
	}

	@Test
	void aBurstSentAtOnceToEachNewTopicIsNeverRetried() throws Exception {
		byte[] value = new byte[2048];
		Arrays.fill(value, (byte) 'x');
		Map<String, Object> config = Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
				true, ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		try (KafkaProducer<String, String> producer = TestClients.producer(this.broker, config);
				CpuLoad load = CpuLoad.start(2, Duration.ofSeconds(60))) {
			// Connected, with a producer id: the burst reaches the broker as soon as the topic's metadata is there.
			this.broker.createTopic("created-warm-up", 1);
			producer.send(new ProducerRecord<>("created-warm-up", "warm-up")).get(30, TimeUnit.SECONDS);
			String text = new String(value, java.nio.charset.StandardCharsets.US_ASCII);
			for (int i = 0; i < TOPICS; i++) {
				String topic = "created-burst-" + i;
				this.broker.createTopic(topic, 3);
				CountDownLatch completed = new CountDownLatch(BURST);
				AtomicReference<Exception> failure = new AtomicReference<>();
				for (int r = 0; r < BURST; r++) {
					producer.send(new ProducerRecord<>(topic, text), (metadata, exception) -> {
						if (exception != null) {
							failure.compareAndSet(null, exception);
						}
						completed.countDown();
					});
				}
				assertThat(completed.await(5, TimeUnit.SECONDS)).as("burst %d acknowledged within 5 s", i).isTrue();
				assertThat(failure.get()).as("burst %d", i).isNull();
				assertThat(metric(producer, "record-retry-total")).as("records retried after burst %d", i).isZero();
			}
		}
	}

	private static double metric(KafkaProducer<?, ?> producer, String name) {
		for (Map.Entry<MetricName, ? extends Metric> entry : producer.metrics().entrySet()) {
			if (entry.getKey().name().equals(name) && entry.getKey().group().equals("producer-metrics")) {
				return ((Number) entry.getValue().metricValue()).doubleValue();
			}
		}
		throw new IllegalStateException("No producer metric " + name);
	}

}
