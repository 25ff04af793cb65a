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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's bounds hold across the whole pipeline on a real broker: behind slow callbacks, beside a topic that
 * does not exist, and after many topics that never answered. The broker does not create topics.
 */
@WithKafkaBroker
class PublishingWithinBoundsIntegrationTests {

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingWithinBoundsIntegrationTests(KafkaBroker broker) {
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("bounds", 3)
			.closeTimeout(Duration.ofSeconds(30))
			.routingOrdersToTheTopic(null);
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	@Test
	void eventsWaitingBehindSlowCallbacksCountAgainstTheBoundsUntilTheirFuturesComplete() throws Exception {
		int maxEvents = 2_000;
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(maxEvents));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
		long baselineHeap = Outcomes.usedHeapAfterGc();

		// Every callback takes 200 ms, as a slow downstream call would: completions fall far behind Kafka's answers.
		long rateNanos = TimeUnit.SECONDS.toNanos(1) / 5_000;
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(20);
		long mostHeld = 0;
		long accepted = 0;
		long queueFull = 0;
		long next = start;
		int sequence = 0;
		while (next - end < 0) {
			LockSupport.parkNanos(next - System.nanoTime());
			CompletableFuture<PublishReceipt> future = publisher
				.publish(OrderPlaced.padded("c" + (sequence % 16), sequence++, 1_000));
			if (future.isCompletedExceptionally()) {
				assertThat(Outcomes.failureOf(future).getReason()).isEqualTo(FailureReason.QUEUE_FULL);
				queueFull++;
			}
			else {
				accepted++;
				// Simulates slow work in a callback; the caller of publish() does not wait for it.
				future.thenRun(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)));
			}
			if ((sequence & 255) == 0) {
				PublisherStats stats = publisher.stats();
				mostHeld = Math.max(mostHeld, stats.heldEvents());
				assertThat(stats.heldEvents()).isLessThanOrEqualTo(maxEvents);
				assertThat(stats.heldBytes()).isLessThanOrEqualTo(publisher.configuration().maxQueuedBytes());
				assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
			}
			next += rateNanos;
		}
		long retainedHeap = Outcomes.usedHeapAfterGc() - baselineHeap;
		PublisherStats stats = publisher.stats();
		System.out.printf("Slow callbacks: %d offered in 20 s, %d accepted, %d QUEUE_FULL, most held %d of %d, "
				+ "heap retained after GC %d KiB; %s%n", sequence, accepted, queueFull, mostHeld, maxEvents,
				retainedHeap / 1024, stats);

		assertThat(queueFull).as("callers see the overflow policy, not growth").isPositive();
		assertThat(mostHeld).isLessThanOrEqualTo(maxEvents);
		// 2,000 events of about 1.3 KiB are held at most; without the bound the backlog grows by about 4,700 events
		// (6 MiB) every second, to about 90,000.
		assertThat(retainedHeap).isLessThan(32L * 1024 * 1024);
	}

	@Test
	void aTopicThatDoesNotExistCannotTakeAnotherTopicsRoom() throws Exception {
		String missing = this.fixture.topic() + "-missing";
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(8)));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);

		Load beside = publishGoodTopicAt2000PerSecond(publisher, missing);

		System.out.printf("Good topic beside 20,000 events to a missing topic: %d succeeded, QUEUE_FULL %d; the missing "
				+ "topic's outcomes: %s%n", beside.goodSucceeded.get(), beside.goodQueueFull.get(),
				beside.missingReasons);
		// Its room taken, the good topic's events would be refused with QUEUE_FULL or wait behind the missing ones
		// until their deadline: every one of them was acknowledged instead.
		assertThat(beside.goodQueueFull).hasValue(0);
		assertThat(beside.goodFailed).hasValue(0);
		assertThat(beside.goodSucceeded).hasValue(10_000);
		assertThat(beside.missingReasons).as("beyond its share, the missing topic's events fail at once")
			.containsKey(FailureReason.TOPIC_UNAVAILABLE.name())
			.doesNotContainKey("SUCCEEDED");
	}

	/**
	 * Publishes 10,000 events to the good topic at 2,000 a second and 20,000 to the missing topic interleaved with
	 * them, and waits for the good topic's outcomes.
	 */
	private Load publishGoodTopicAt2000PerSecond(KafkaDomainEventPublisher publisher, String missing)
			throws Exception {
		Load load = new Load();
		List<CompletableFuture<PublishReceipt>> good = new ArrayList<>();
		long rateNanos = TimeUnit.SECONDS.toNanos(1) / 2_000;
		long next = System.nanoTime();
		for (int i = 0; i < 10_000; i++) {
			LockSupport.parkNanos(next - System.nanoTime()); // paces the offered load
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("good-" + (i % 8), i));
			future.whenComplete((receipt, error) -> {
				if (error == null) {
					load.goodSucceeded.incrementAndGet();
				}
				else if (Outcomes.failureOrNull(future).getReason() == FailureReason.QUEUE_FULL) {
					load.goodQueueFull.incrementAndGet();
				}
				else {
					load.goodFailed.incrementAndGet();
				}
			});
			good.add(future);
			for (int j = 0; j < 2; j++) {
				CompletableFuture<PublishReceipt> lost = publisher.publish(missing, "k" + j,
						OrderPlaced.of("missing", 2L * i + j), Map.of());
				lost.whenComplete((receipt, error) -> {
					PublicationFailedException failure = (error != null) ? Outcomes.failureOrNull(lost) : null;
					load.missingReasons.merge((failure != null) ? failure.getReason().name() : "SUCCEEDED", 1L,
							Long::sum);
				});
			}
			next += rateNanos;
		}
		CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
			.get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> load.goodSucceeded.get() + load.goodQueueFull.get()
				+ load.goodFailed.get() == 10_000);
		return load;
	}

	@Test
	void topicsThatNeverAnsweredAreForgottenOnceTheirEventsLeft() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(2)));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);

		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			futures.add(publisher.publish("unknown-" + i, null, OrderPlaced.of("u", i), Map.of()));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
			.get(30, TimeUnit.SECONDS);
		assertThat(futures).allSatisfy((future) -> assertThat(Outcomes.failureOf(future).getReason())
			.isEqualTo(FailureReason.TOPIC_UNAVAILABLE));

		await().atMost(Duration.ofSeconds(10)).until(() -> publisher.parkedTopicCount() == 0);
		long probes = publisher.metadataProbes();
		// A round of the prober takes 100 ms; it would have asked again in three of them.
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> publisher.metadataProbes() == probes);
		assertThat(publisher.metadataProbes()).isEqualTo(probes);
		System.out.printf("10,000 unknown topics: %d metadata requests in all, none once forgotten%n", probes);
		// The publisher still works for its own topic.
		assertThat(publisher.publish(OrderPlaced.of("after", 1)).get(30, TimeUnit.SECONDS).topic())
			.isEqualTo(this.fixture.topic());
		PublisherStats stats = publisher.stats();
		assertThat(stats.pending()).isZero();
		assertThat(stats.queuedEvents()).isZero();
		assertThat(stats.heldEvents()).isZero();
	}

	private static final class Load {

		final AtomicLong goodSucceeded = new AtomicLong();

		final AtomicLong goodQueueFull = new AtomicLong();

		final AtomicLong goodFailed = new AtomicLong();

		final Map<String, Long> missingReasons = new java.util.concurrent.ConcurrentHashMap<>();

	}

}
