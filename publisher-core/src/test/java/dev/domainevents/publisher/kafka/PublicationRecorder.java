/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishes keyed events, remembers every outcome, and checks the global invariants of the fault scenarios against
 * what the topic really holds: every future completed within its bound; every acknowledged event is in the topic;
 * no event that failed as not written is; nothing else is there but possibly-written failures; no duplicate
 * {@code ce_id}; per-key order among acknowledged events.
 */
final class PublicationRecorder {

	private final DomainEventPublisher publisher;

	private final String topic;

	private final ConcurrentLinkedQueue<Publication> publications = new ConcurrentLinkedQueue<>();

	private final Map<String, Long> nextSequenceByKey = new HashMap<>();

	private final AtomicLong longestCallNanos = new AtomicLong();

	PublicationRecorder(DomainEventPublisher publisher, String topic) {
		this.publisher = publisher;
		this.topic = topic;
	}

	/** Publishes the next event of a key; keys must be used by one thread each. */
	CompletableFuture<PublishReceipt> publish(String key) {
		long sequence;
		synchronized (this.nextSequenceByKey) {
			sequence = this.nextSequenceByKey.merge(key, 1L, Long::sum) - 1;
		}
		long start = System.nanoTime();
		CompletableFuture<PublishReceipt> future = this.publisher.publish(this.topic, key, OrderPlaced.of(key, sequence),
				Map.of());
		long callNanos = System.nanoTime() - start;
		this.longestCallNanos.accumulateAndGet(callNanos, Math::max);
		Publication publication = new Publication(start, future);
		publication.recorded = future.whenComplete((receipt, error) -> publication.completedAtNanos = System.nanoTime());
		this.publications.add(publication);
		return future;
	}

	/** Publishes {@code ratePerSecond} events round-robin over {@code keys} for {@code duration}. */
	void publishSteadily(int ratePerSecond, Duration duration, int keys) {
		long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
		long start = System.nanoTime();
		long next = start;
		int i = 0;
		while (System.nanoTime() - start < duration.toNanos()) {
			publish("key-" + (i++ % keys));
			next += interval;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait); // paces the offered load
			}
		}
	}

	/** The futures of every event published so far, in the order of their publish() calls. */
	List<CompletableFuture<PublishReceipt>> futures() {
		return this.publications.stream().map(Publication::future).toList();
	}

	Duration longestCall() {
		return Duration.ofNanos(this.longestCallNanos.get());
	}

	/**
	 * Waits for every future, then checks the invariants against the topic.
	 * @param bound the longest time any future may take from its publish() call
	 * @return the figures, for the test's report
	 */
	Summary verify(KafkaBroker broker, Duration bound) throws Exception {
		List<Publication> all = new ArrayList<>(this.publications);
		CompletableFuture.allOf(all.stream().map((publication) -> publication.recorded).toArray(CompletableFuture[]::new))
			.exceptionally((ex) -> null)
			.get(bound.toMillis() + 30_000, TimeUnit.MILLISECONDS);
		Set<String> acknowledged = new HashSet<>();
		Set<String> notWritten = new HashSet<>();
		Set<String> possiblyWritten = new HashSet<>();
		long slowest = 0;
		for (Publication publication : all) {
			slowest = Math.max(slowest, publication.completedAtNanos - publication.publishedAtNanos);
			PublicationFailedException failure = Outcomes.failureOrNull(publication.future());
			if (failure == null) {
				acknowledged.add(publication.future().join().eventId());
			}
			else if (failure.isPossiblyWritten()) {
				possiblyWritten.add(failure.getEventId());
			}
			else {
				notWritten.add(failure.getEventId());
			}
		}
		assertThat(Duration.ofNanos(slowest)).as("slowest completion").isLessThanOrEqualTo(bound);

		List<ConsumerRecord<byte[], byte[]>> records = broker.consume(this.topic, acknowledged.size(),
				Duration.ofSeconds(60));
		Set<String> inTopic = new HashSet<>();
		int duplicates = 0;
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Long> lastAcknowledgedSequence = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			String eventId = Outcomes.header(record, "ce_id");
			if (!inTopic.add(eventId)) {
				duplicates++;
			}
			if (acknowledged.contains(eventId)) {
				OrderPlaced order = json.readValue(record.value(), OrderPlaced.class);
				String key = new String(record.key(), StandardCharsets.UTF_8);
				Long previous = lastAcknowledgedSequence.put(key, order.sequence());
				assertThat(previous == null || previous < order.sequence()).as("order of key %s", key).isTrue();
			}
		}
		Set<String> lost = new HashSet<>(acknowledged);
		lost.removeAll(inTopic);
		Set<String> writtenAfterAll = new HashSet<>(notWritten);
		writtenAfterAll.retainAll(inTopic);
		Set<String> unexplained = new HashSet<>(inTopic);
		unexplained.removeAll(acknowledged);
		unexplained.removeAll(possiblyWritten);
		Set<String> possiblyWrittenInTopic = new HashSet<>(possiblyWritten);
		possiblyWrittenInTopic.retainAll(inTopic);
		Summary summary = new Summary(all.size(), acknowledged.size(), notWritten.size(), possiblyWritten.size(),
				possiblyWrittenInTopic.size(), lost.size(), duplicates, Duration.ofNanos(slowest), longestCall());
		assertThat(lost).as("acknowledged but not in the topic").isEmpty();
		assertThat(writtenAfterAll).as("failed as not written, yet in the topic").isEmpty();
		assertThat(unexplained).as("in the topic, yet neither acknowledged nor possibly written").isEmpty();
		assertThat(duplicates).as("duplicate ce_id in the topic").isZero();
		return summary;
	}

	private static final class Publication {

		private final long publishedAtNanos;

		private final CompletableFuture<PublishReceipt> future;

		private volatile long completedAtNanos;

		// Completes once completedAtNanos is set.
		private volatile CompletableFuture<PublishReceipt> recorded;

		Publication(long publishedAtNanos, CompletableFuture<PublishReceipt> future) {
			this.publishedAtNanos = publishedAtNanos;
			this.future = future;
		}

		CompletableFuture<PublishReceipt> future() {
			return this.future;
		}

	}

	/**
	 * The figures of one scenario.
	 */
	record Summary(int events, int succeeded, int failedNotWritten, int failedPossiblyWritten,
			int possiblyWrittenFoundInTopic, int lost, int duplicates, Duration slowestCompletion,
			Duration longestPublishCall) {

		int failed() {
			return this.failedNotWritten + this.failedPossiblyWritten;
		}

		@Override
		public String toString() {
			return String.format(
					"events=%d succeeded=%d failed(not written)=%d failed(possibly written)=%d (of which in topic: %d) "
							+ "lost=%d duplicates=%d slowest completion=%d ms longest publish() call=%d us",
					this.events, this.succeeded, this.failedNotWritten, this.failedPossiblyWritten,
					this.possiblyWrittenFoundInTopic, this.lost, this.duplicates, this.slowestCompletion.toMillis(),
					this.longestPublishCall.toNanos() / 1000);
		}

	}

}
