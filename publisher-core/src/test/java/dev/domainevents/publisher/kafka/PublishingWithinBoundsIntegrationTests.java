/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.routing.EventRoute;
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

	private final KafkaBroker broker;

	private final BuiltPublishers publishers = new BuiltPublishers();

	private String topic;

	PublishingWithinBoundsIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
	}

	@BeforeEach
	void createTopic(TestInfo test) {
		this.topic = "bounds-" + test.getTestMethod().orElseThrow().getName();
		this.broker.createTopic(this.topic, 3);
	}

	@AfterEach
	void closePublishers() {
		this.publishers.closeAll(Duration.ofSeconds(30));
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.bootstrapServers(this.broker.bootstrapServers())
			.router((event) -> new EventRoute(this.topic, ((OrderPlaced) event).customerId(), null));
		customizer.accept(builder);
		return this.publishers.build(builder);
	}

	@Test
	void eventsWaitingBehindSlowCallbacksCountAgainstTheBoundsUntilTheirFuturesComplete() throws Exception {
		int maxEvents = 2_000;
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(maxEvents));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
		long baselineHeap = usedHeapAfterGc();

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
		long retainedHeap = usedHeapAfterGc() - baselineHeap;
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
		String missing = this.topic + "-missing";
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(8)));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
		// The first run warms the JIT up; the second is the good topic's latency alone.
		publishGoodTopicAt2000PerSecond(publisher, null);

		Load alone = publishGoodTopicAt2000PerSecond(publisher, null);
		Load beside = publishGoodTopicAt2000PerSecond(publisher, missing);

		System.out.printf("Good topic alone: p99 %d us; beside 20,000 events to a missing topic: p99 %d us, "
				+ "QUEUE_FULL %d; the missing topic's outcomes: %s%n", alone.p99Micros(), beside.p99Micros(),
				beside.goodQueueFull.get(), beside.missingReasons);
		assertThat(beside.goodQueueFull).hasValue(0);
		assertThat(beside.goodFailed).hasValue(0);
		assertThat(beside.missingReasons).as("beyond its share, the missing topic's events fail at once")
			.containsKey(FailureReason.TOPIC_UNAVAILABLE.name())
			.doesNotContainKey("SUCCEEDED");
		assertThat(beside.p99Micros()).isLessThanOrEqualTo(3 * alone.p99Micros());
	}

	/**
	 * Publishes 10,000 events to the good topic at 2,000 a second, and, if {@code missing} is given, 20,000 to that
	 * topic interleaved with them, and waits for the good topic's acknowledgements.
	 */
	private Load publishGoodTopicAt2000PerSecond(KafkaDomainEventPublisher publisher, String missing)
			throws Exception {
		Load load = new Load();
		List<CompletableFuture<PublishReceipt>> good = new ArrayList<>();
		long rateNanos = TimeUnit.SECONDS.toNanos(1) / 2_000;
		long next = System.nanoTime();
		for (int i = 0; i < 10_000; i++) {
			LockSupport.parkNanos(next - System.nanoTime());
			long publishedAt = System.nanoTime();
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("good-" + (i % 8), i));
			future.whenComplete((receipt, error) -> {
				if (error == null) {
					load.latencies.add(System.nanoTime() - publishedAt);
				}
				else if (Outcomes.failureOrNull(future).getReason() == FailureReason.QUEUE_FULL) {
					load.goodQueueFull.incrementAndGet();
				}
				else {
					load.goodFailed.incrementAndGet();
				}
			});
			good.add(future);
			if (missing != null) {
				for (int j = 0; j < 2; j++) {
					CompletableFuture<PublishReceipt> lost = publisher.publish(missing, "k" + j,
							OrderPlaced.of("missing", 2L * i + j), Map.of());
					lost.whenComplete((receipt, error) -> {
						PublicationFailedException failure = (error != null) ? Outcomes.failureOrNull(lost) : null;
						load.missingReasons.merge((failure != null) ? failure.getReason().name() : "SUCCEEDED", 1L,
								Long::sum);
					});
				}
			}
			next += rateNanos;
		}
		CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
			.get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> load.latencies.size() + load.goodQueueFull.get()
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
			.isEqualTo(this.topic);
		PublisherStats stats = publisher.stats();
		assertThat(stats.pending()).isZero();
		assertThat(stats.queuedEvents()).isZero();
		assertThat(stats.heldEvents()).isZero();
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		// A few rounds: the smallest figure is the live heap, whatever a concurrent phase left behind.
		for (int i = 0; i < 3; i++) {
			memory.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static final class Load {

		final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

		final AtomicLong goodQueueFull = new AtomicLong();

		final AtomicLong goodFailed = new AtomicLong();

		final Map<String, Long> missingReasons = new java.util.concurrent.ConcurrentHashMap<>();

		long p99Micros() {
			return TimeUnit.NANOSECONDS.toMicros(Outcomes.percentile(new ArrayList<>(this.latencies), 99));
		}

	}

}
