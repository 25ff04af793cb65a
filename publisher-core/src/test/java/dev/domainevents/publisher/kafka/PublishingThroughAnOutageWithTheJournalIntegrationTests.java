/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is killed for 30 seconds while events arrive at 2,000 a second, with the journal {@code on-failure}:
 * no event fails; those the broker could not take are journaled, replayed once it is back, and every event reaches
 * the topic, each key's events in publish order, duplicated only with their own {@code ce_id}.
 */
@WithKafkaBroker(dedicated = true,
		brokerProperties = { "broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500" })
class PublishingThroughAnOutageWithTheJournalIntegrationTests {

	private static final int RATE = 2_000;

	private static final int KEYS = 20;

	private final ProcessKafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	@TempDir
	Path journalDirectory;

	PublishingThroughAnOutageWithTheJournalIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker).topicPerTest("outage", 3).closeTimeout(Duration.ofSeconds(10));
	}

	@AfterEach
	void closePublishersAndHealTheBroker() {
		this.fixture.closePublishers();
		if (!this.broker.isRunning()) {
			this.broker.restart();
		}
	}

	@Test
	void aBrokerKilledForThirtySecondsFailsNothingAndEveryEventReachesTheTopicInKeyOrder() throws Exception {
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> builder
			.journal(JournalMode.ON_FAILURE, this.journalDirectory)
			.deliveryTimeout(Duration.ofSeconds(5))
			.replayBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
			.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
			.producerProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250)
			.producerProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250));
		String topic = this.fixture.topic();
		publisher.publish(topic, "warm-up", OrderPlaced.of("warm-up", 0), Map.of()).get(30, TimeUnit.SECONDS);
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		long[] nextSequence = new long[KEYS];
		Pacer pacer = new Pacer();

		pacer.publishFor(Duration.ofSeconds(2), publisher, topic, futures, nextSequence);
		this.broker.kill();
		long killedAt = System.nanoTime();
		pacer.publishFor(Duration.ofSeconds(30), publisher, topic, futures, nextSequence);
		this.broker.restart();
		Duration down = Duration.ofNanos(System.nanoTime() - killedAt);
		pacer.publishFor(Duration.ofSeconds(2), publisher, topic, futures, nextSequence);

		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		long journaled = futures.stream().filter((future) -> future.join().isJournaled()).count();
		long replayStart = System.nanoTime();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
			.until(() -> publisher.journal().heldEvents() == 0 && publisher.stats().pending() == 0);
		Duration replayTime = Duration.ofNanos(System.nanoTime() - replayStart);
		PublisherInspection.JournalState journal = publisher.journal();

		Map<String, Long> sequenceOf = new HashMap<>();
		for (int i = 0; i < futures.size(); i++) {
			sequenceOf.put(futures.get(i).join().eventId(), (long) i);
		}
		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume(topic, futures.size() + 1,
				Duration.ofSeconds(120));
		Set<String> inTopic = new HashSet<>();
		int duplicates = 0;
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Long> lastFirstSeenSequence = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			String eventId = Outcomes.header(record, "ce_id");
			if (!inTopic.add(eventId)) {
				duplicates++;
				continue;
			}
			if (!sequenceOf.containsKey(eventId)) {
				continue; // the warm-up
			}
			OrderPlaced order = json.readValue(record.value(), OrderPlaced.class);
			String key = new String(record.key(), StandardCharsets.UTF_8);
			Long previous = lastFirstSeenSequence.put(key, order.sequence());
			assertThat(previous == null || previous < order.sequence())
				.as("first occurrences of key %s in publish order (%s after %s)", key, order.sequence(), previous)
				.isTrue();
		}
		Set<String> missing = new HashSet<>(sequenceOf.keySet());
		missing.removeAll(inTopic);
		System.out.printf("[journal outage] broker down %d s; %d events, %d journaled, %d replayed, %d replay retries,"
				+ " %d duplicates (same ce_id), replay drained %d ms after the last future; fsync max %d us,"
				+ " %d forces%n", down.toSeconds(), futures.size(), journaled, journal.replayed(),
				journal.replayRetries(), duplicates, replayTime.toMillis(), journal.forceTimeMax().toNanos() / 1000,
				journal.forces());
		assertThat(missing).as("events not in the topic").isEmpty();
		assertThat(journaled).as("events journaled during the outage").isGreaterThan(RATE * 10L);
		assertThat(publisher.stats().failed()).as("failed events").isZero();
		assertThat(journal.deadLettered()).isZero();
		assertThat(journal.problem()).isNull();
	}

	// Publishes at RATE events a second, round-robin over the keys, from this thread.
	private static final class Pacer {

		void publishFor(Duration duration, KafkaDomainEventPublisher publisher, String topic,
				List<CompletableFuture<PublishReceipt>> futures, long[] nextSequence) {
			long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
			long start = System.nanoTime();
			long next = start;
			int i = futures.size();
			while (System.nanoTime() - start < duration.toNanos()) {
				int key = i++ % KEYS;
				futures.add(publisher.publish(topic, "key-" + key, OrderPlaced.of("key-" + key, nextSequence[key]++),
						Map.of()));
				next += interval;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait); // paces the offered load
				}
			}
		}

	}

}
