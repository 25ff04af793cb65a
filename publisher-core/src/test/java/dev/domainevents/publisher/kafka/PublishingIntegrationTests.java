/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.serialization.EventSerializer;
import dev.domainevents.publisher.serialization.JsonEventSerializer;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline's contract on a healthy real broker, shared with other test classes.
 */
@WithKafkaBroker
class PublishingIntegrationTests {

	private final KafkaBroker broker;

	private final BuiltPublishers publishers = new BuiltPublishers();

	private String topic;

	PublishingIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
	}

	@BeforeEach
	void createTopic(TestInfo test) {
		this.topic = "orders-" + test.getTestMethod().orElseThrow().getName();
		this.broker.createTopic(this.topic, 3);
	}

	@AfterEach
	void closePublishers() {
		this.publishers.closeAll(Duration.ofSeconds(10));
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.bootstrapServers(this.broker.bootstrapServers())
			.source("/tests/orders")
			.router((event) -> (event instanceof OrderPlaced order)
					? new EventRoute(this.topic, order.customerId(), "com.example.OrderPlaced") : null);
		customizer.accept(builder);
		return this.publishers.build(builder);
	}

	@Test
	void eventsFromManyThreadsArriveOnceEachInOrderPerKeyWithCloudEventsHeaders() throws Exception {
		// Eight threads offer more than the queue holds: BLOCK makes them wait for space instead of failing.
		SendingThreadsInterceptor.threads.clear();
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.overflowPolicy(OverflowPolicy.BLOCK)
			.maxBlock(Duration.ofSeconds(30))
			.producerProperty("interceptor.classes", SendingThreadsInterceptor.class.getName()));
		int threads = 8;
		int customersPerThread = 25;
		int eventsPerCustomer = 100;
		ConcurrentLinkedQueue<CompletableFuture<PublishReceipt>> futures = new ConcurrentLinkedQueue<>();
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			int thread = t;
			callers.execute(() -> {
				for (int sequence = 0; sequence < eventsPerCustomer; sequence++) {
					for (int c = 0; c < customersPerThread; c++) {
						futures.add(publisher.publish(OrderPlaced.of("customer-" + thread + "-" + c, sequence)));
					}
				}
			});
		}
		callers.shutdown();
		assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		int expected = threads * customersPerThread * eventsPerCustomer;
		assertThat(futures).hasSize(expected);
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		Set<String> acknowledgedIds = new HashSet<>();
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublishReceipt receipt = future.join();
			assertThat(receipt.topic()).isEqualTo(this.topic);
			assertThat(receipt.offset()).isNotNegative();
			acknowledgedIds.add(receipt.eventId());
		}
		assertThat(acknowledgedIds).hasSize(expected);

		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume(this.topic, expected, Duration.ofSeconds(60));
		assertThat(records).hasSize(expected);
		Set<String> consumedIds = new HashSet<>();
		Map<String, Long> lastSequenceByKey = new HashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		Instant testStart = Instant.now().minusSeconds(300);
		for (ConsumerRecord<byte[], byte[]> record : records) {
			String eventId = Outcomes.header(record, "ce_id");
			assertThat(consumedIds.add(eventId)).as("no duplicate ce_id").isTrue();
			assertThat(Outcomes.header(record, "ce_source")).isEqualTo("/tests/orders");
			assertThat(Outcomes.header(record, "ce_type")).isEqualTo("com.example.OrderPlaced");
			assertThat(Outcomes.header(record, "ce_specversion")).isEqualTo("1.0");
			assertThat(Outcomes.header(record, "content-type")).isEqualTo("application/json");
			assertThat(Instant.parse(Outcomes.header(record, "ce_time"))).isAfter(testStart);
			OrderPlaced order = json.readValue(record.value(), OrderPlaced.class);
			String key = new String(record.key(), StandardCharsets.UTF_8);
			assertThat(key).isEqualTo(order.customerId());
			Long previous = lastSequenceByKey.put(key, order.sequence());
			assertThat(order.sequence()).as("order of key %s", key).isEqualTo((previous == null) ? 0 : previous + 1);
		}
		assertThat(consumedIds).isEqualTo(acknowledgedIds);
		assertThat(lastSequenceByKey).hasSize(threads * customersPerThread);
		assertThat(SendingThreadsInterceptor.threads).as("threads that called KafkaProducer.send()")
			.containsExactly("domain-events-dispatcher");
		PublisherStats stats = publisher.stats();
		assertThat(stats.accepted()).isEqualTo(expected);
		assertThat(stats.succeeded()).isEqualTo(expected);
		assertThat(stats.failed()).isZero();
		assertThat(stats.pending()).isZero();
	}

	@Test
	void aPoisonEventFailsAloneAndAtOnceWhileItsNeighboursSucceed() {
		EventSerializer json = new JsonEventSerializer();
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.serializer((event) -> {
			if (event instanceof OrderPlaced order && order.note().equals("poison")) {
				throw new IllegalStateException("cannot serialize this one");
			}
			return json.serialize(event);
		}));
		CompletableFuture<PublishReceipt> before = publisher.publish(OrderPlaced.of("c", 0));
		CompletableFuture<PublishReceipt> poison = publisher.publish(new OrderPlaced("c-1", "c", 1, "poison"));
		CompletableFuture<PublishReceipt> after = publisher.publish(OrderPlaced.of("c", 2));

		assertThat(poison).isCompletedExceptionally();
		PublicationFailedException failure = Outcomes.failureOf(poison);
		assertThat(failure.getReason()).isEqualTo(FailureReason.SERIALIZATION);
		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.isPossiblyWritten()).isFalse();
		assertThat(failure.getEvent()).isEqualTo(new OrderPlaced("c-1", "c", 1, "poison"));
		assertThat(failure.getEventId()).isNotBlank();
		assertThat(failure.getTopic()).isEqualTo(this.topic);
		assertThat(failure.getKey()).isEqualTo("c");
		assertThat(failure.getCause()).hasMessage("cannot serialize this one");
		assertThat(failure.getStackTrace()).isEmpty();
		assertThat(before.join().offset()).isNotNegative();
		assertThat(after.join().offset()).isNotNegative();
		assertThat(this.broker.consume(this.topic, 2, Duration.ofSeconds(30))).hasSize(2);
		assertThat(publisher.stats().rejected()).isEqualTo(1);
	}

	@Test
	void anEventLargerThanTheProducerAllowsFailsAloneAtOnce() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.producerProperty("max.request.size",
				64 * 1024));
		CompletableFuture<PublishReceipt> before = publisher.publish(OrderPlaced.of("c", 0));
		CompletableFuture<PublishReceipt> large = publisher.publish(OrderPlaced.padded("c", 1, 100 * 1024));
		CompletableFuture<PublishReceipt> after = publisher.publish(OrderPlaced.of("c", 2));

		assertThat(large).isCompletedExceptionally();
		PublicationFailedException failure = Outcomes.failureOf(large);
		assertThat(failure.getReason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.isPossiblyWritten()).isFalse();
		assertThat(before.join().offset()).isNotNegative();
		assertThat(after.join().offset()).isNotNegative();
	}

	@Test
	void anEventLargerThanTheTopicAllowsFailsAloneWhenTheBrokerRefusesIt() {
		// The topic's limit must be above the producer's batch.size (16 KiB): below it, the client splits a refused
		// batch into batches of batch.size again and again, and every record in it waits for its delivery timeout.
		String smallTopic = this.topic + "-small";
		this.broker.createTopic(smallTopic, 3, Map.of("max.message.bytes", "20000"));
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		List<CompletableFuture<PublishReceipt>> neighbours = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			neighbours.add(publisher.publish(EventMessage.of(OrderPlaced.of("c", i)).withTopic(smallTopic).withKey("c")));
		}
		CompletableFuture<PublishReceipt> large = publisher
			.publish(EventMessage.of(OrderPlaced.padded("c", 10, 30 * 1024)).withTopic(smallTopic).withKey("c"));
		for (int i = 11; i < 20; i++) {
			neighbours.add(publisher.publish(EventMessage.of(OrderPlaced.of("c", i)).withTopic(smallTopic).withKey("c")));
		}

		PublicationFailedException failure = Outcomes.failureOf(large);
		assertThat(failure.getReason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.isPossiblyWritten()).isFalse();
		neighbours.forEach((future) -> assertThat(future.join().topic()).isEqualTo(smallTopic));
		assertThat(this.broker.consume(smallTopic, 19, Duration.ofSeconds(30))).hasSize(19);
	}

	@Test
	void invalidEventsFailThroughTheFutureWithoutThrowing() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		List<CompletableFuture<PublishReceipt>> invalid = List.of(publisher.publish((Object) null),
				publisher.publish("an event with no route"),
				publisher.publish(this.topic, "k", OrderPlaced.of("c", 0), Map.of("ce_id", "forged")),
				publisher.publish(this.topic, "k", OrderPlaced.of("c", 0), Map.of("Content-Type", "text/plain")),
				publisher.publish(EventMessage.of(OrderPlaced.of("c", 0)).withTopic(this.topic).withHeader("h", null)),
				publisher.publish("not a valid topic!", "k", OrderPlaced.of("c", 0), Map.of()),
				publisher.publish(EventMessage.of(OrderPlaced.of("c", 0)).withEventId(" ")));

		for (CompletableFuture<PublishReceipt> future : invalid) {
			assertThat(future).isCompletedExceptionally();
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.INVALID_EVENT);
			assertThat(failure.isRetriable()).isFalse();
			assertThat(failure.isPossiblyWritten()).isFalse();
			assertThat(failure.getStackTrace()).isEmpty();
		}
		assertThat(Outcomes.failureOf(invalid.get(1)).getEvent()).isEqualTo("an event with no route");
		assertThat(Outcomes.failureOf(invalid.get(1)).getMessage()).contains("no route for java.lang.String");
		PublisherStats stats = publisher.stats();
		assertThat(stats.rejected()).isEqualTo(invalid.size());
		assertThat(stats.accepted()).isZero();
	}

	@Test
	void anUnknownTopicDoesNotHoldBackOtherTopics() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(3)));
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
		long start = System.nanoTime();
		List<CompletableFuture<PublishReceipt>> missing = new ArrayList<>();
		List<Long> publishedAt = new ArrayList<>();
		List<CompletableFuture<Long>> latencies = new ArrayList<>();
		int sequence = 1;
		while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
			missing.add(publisher.publish("no-such-topic", "k", OrderPlaced.of("lost", sequence), Map.of()));
			long sentAt = System.nanoTime();
			publishedAt.add(sentAt);
			latencies.add(publisher.publish(OrderPlaced.of("c", sequence)).thenApply((receipt) -> System.nanoTime() - sentAt));
			sequence++;
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // paces the offered load, not a synchronisation
		}
		List<Long> nanos = new ArrayList<>();
		for (CompletableFuture<Long> latency : latencies) {
			nanos.add(latency.get(30, TimeUnit.SECONDS));
		}
		System.out.println("Other topic's publish-to-ack latency while a topic has no metadata: " + Outcomes.micros(nanos));
		assertThat(Outcomes.percentile(nanos, 99)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));

		for (CompletableFuture<PublishReceipt> future : missing) {
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
			assertThat(failure.isPossiblyWritten()).isFalse();
			assertThat(failure.isRetriable()).isTrue();
			assertThat(failure.getTopic()).isEqualTo("no-such-topic");
		}
	}

	@Test
	void eventsParkedForATopicWithoutMetadataKeepTheirOrderPerKeyUntilItAppears() throws Exception {
		String lateTopic = this.topic + "-late";
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(60)));
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int sequence = 0; sequence < 200; sequence++) {
			for (String customer : List.of("a", "b", "c", "d")) {
				futures.add(publisher.publish(lateTopic, customer, OrderPlaced.of(customer, sequence), Map.of()));
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().queuedEvents() == 800);
		assertThat(futures).noneMatch(CompletableFuture::isDone);
		CompletableFuture<PublishReceipt> otherTopic = publisher.publish(OrderPlaced.of("other", 0));
		assertThat(otherTopic.get(10, TimeUnit.SECONDS).topic()).isEqualTo(this.topic);

		this.broker.createTopic(lateTopic, 3);

		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Long> lastSequenceByKey = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : this.broker.consume(lateTopic, 800, Duration.ofSeconds(30))) {
			OrderPlaced order = json.readValue(record.value(), OrderPlaced.class);
			Long previous = lastSequenceByKey.put(order.customerId(), order.sequence());
			assertThat(order.sequence()).isEqualTo((previous == null) ? 0 : previous + 1);
		}
		assertThat(lastSequenceByKey).containsOnlyKeys("a", "b", "c", "d").containsValue(199L);
	}

	@Test
	void aDeadlineFiresWhileTheDispatcherIsStuckInSend() {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(1))
			.metadataWait(Duration.ofSeconds(5)));
		long start = System.nanoTime();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			futures.add(publisher.publish("also-no-such-topic", "k", OrderPlaced.of("c", i), Map.of()));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		long elapsed = System.nanoTime() - start;
		// send() blocks for 5 s waiting for metadata; the deadline timer fails every event after 1 s regardless.
		assertThat(elapsed).isBetween(TimeUnit.MILLISECONDS.toNanos(900), TimeUnit.MILLISECONDS.toNanos(2500));
		int possiblyWritten = 0;
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isIn(FailureReason.DELIVERY_TIMEOUT, FailureReason.TOPIC_UNAVAILABLE);
			possiblyWritten += failure.isPossiblyWritten() ? 1 : 0;
		}
		// Only the event inside send() might have reached the producer.
		assertThat(possiblyWritten).isLessThanOrEqualTo(1);
		PublisherStats stats = publisher.stats();
		assertThat(stats.failed()).isEqualTo(50);
		assertThat(stats.pending()).isZero();
	}

	@Test
	void completionCallbacksThatBlockOrPublishDoNotDeadlockTheNetworkThread() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		Set<String> callbackThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<PublishReceipt>> nested = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			int sequence = i;
			futures.add(publisher.publish(OrderPlaced.of("c", i)).whenComplete((receipt, error) -> {
				callbackThreads.add(Thread.currentThread().getName());
				if (sequence == 0) {
					// Blocks a completion thread until later events completed.
					await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
				}
				if (sequence % 10 == 1) {
					// Publishes from the callback and waits for the nested event's own outcome.
					CompletableFuture<PublishReceipt> inner = publisher.publish(OrderPlaced.of("nested", sequence));
					nested.add(inner);
					inner.join();
				}
			}));
		}
		CompletableFuture.allOf(futures.subList(1, futures.size()).toArray(CompletableFuture[]::new))
			.get(30, TimeUnit.SECONDS);
		release.countDown();
		futures.get(0).get(30, TimeUnit.SECONDS);
		assertThat(nested).hasSize(20).allSatisfy((future) -> assertThat(future).isCompleted());
		assertThat(callbackThreads).allSatisfy((name) -> assertThat(name).startsWith("domain-events-completion-")
			.doesNotContain("kafka-producer-network-thread"));
	}

	@Test
	void aCallerCompletingOrCancellingItsFutureChangesNothingInside() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			futures.add(publisher.publish(OrderPlaced.of("c", i)));
		}
		futures.get(10).cancel(true);
		futures.get(20).complete(new PublishReceipt("fake", "fake", 0, 0, Instant.EPOCH));
		futures.get(30).completeExceptionally(new IllegalStateException("caller gave up"));

		await().atMost(Duration.ofSeconds(30)).until(() -> publisher.stats().pending() == 0);
		PublisherStats stats = publisher.stats();
		assertThat(stats.accepted()).isEqualTo(100);
		assertThat(stats.succeeded()).isEqualTo(100);
		assertThat(stats.failed()).isZero();
		for (int i = 0; i < 100; i++) {
			if (i != 10 && i != 20 && i != 30) {
				assertThat(futures.get(i).get(30, TimeUnit.SECONDS).offset()).isNotNegative();
			}
		}
		assertThat(this.broker.consume(this.topic, 100, Duration.ofSeconds(30))).hasSize(100);
	}

	@Test
	void aFailedEventPublishedAgainKeepsItsEventId() throws Exception {
		String lateTopic = this.topic + "-late";
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(1)));
		PublicationFailedException failure = Outcomes
			.failureOf(publisher.publish(lateTopic, "c", OrderPlaced.of("c", 0), Map.of("tenant", "acme")));
		assertThat(failure.getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
		this.broker.createTopic(lateTopic, 3);

		PublishReceipt receipt = publisher.publish(failure.toEventMessage()).get(30, TimeUnit.SECONDS);

		assertThat(receipt.eventId()).isEqualTo(failure.getEventId());
		ConsumerRecord<byte[], byte[]> record = this.broker.consume(lateTopic, 1, Duration.ofSeconds(30)).get(0);
		assertThat(Outcomes.header(record, "ce_id")).isEqualTo(failure.getEventId());
		assertThat(Outcomes.header(record, "tenant")).isEqualTo("acme");
		assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("c");
	}

	@Test
	void rejectionsAreCountedAndTheLedgerBalancesAtEveryMoment() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(50));
		AtomicInteger rejectedByCaller = new AtomicInteger();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c" + (i % 7), i));
			futures.add(future);
			if (future.isCompletedExceptionally()) {
				rejectedByCaller.incrementAndGet();
			}
			PublisherStats stats = publisher.stats();
			assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
			.get(30, TimeUnit.SECONDS);
		PublisherStats stats = publisher.stats();
		assertThat(stats.rejected()).isEqualTo(rejectedByCaller.get());
		assertThat(stats.accepted() + stats.rejected()).isEqualTo(5000);
		assertThat(stats.succeeded()).isEqualTo(stats.accepted());
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublicationFailedException failure = Outcomes.failureOrNull(future);
			if (failure != null) {
				assertThat(failure.getReason()).isEqualTo(FailureReason.QUEUE_FULL);
			}
		}
	}

}
