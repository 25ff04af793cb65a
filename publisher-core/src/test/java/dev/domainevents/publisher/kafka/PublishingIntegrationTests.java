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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
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

	/** The deadline timer's wake-up and the hand-off to the completion thread, on a busy two-core machine. */
	private static final Duration DEADLINE_TOLERANCE = Duration.ofMillis(1500);

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("orders", 3)
			.defaults((builder) -> builder.source("/tests/orders"))
			.routingOrdersToTheTopic("com.example.OrderPlaced");
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	@Test
	void eventsFromManyThreadsArriveOnceEachInOrderPerKeyWithCloudEventsHeaders() throws Exception {
		// Eight threads offer more than the queue holds: BLOCK makes them wait for space instead of failing.
		SendingThreadsInterceptor.threads.clear();
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.overflowPolicy(OverflowPolicy.BLOCK)
			.overflowTimeout(Duration.ofSeconds(30))
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
			assertThat(receipt.topic()).isEqualTo(this.fixture.topic());
			assertThat(receipt.offset()).isNotNegative();
			acknowledgedIds.add(receipt.eventId());
		}
		assertThat(acknowledgedIds).hasSize(expected);

		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume(this.fixture.topic(), expected, Duration.ofSeconds(60));
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
		assertThat(failure.getTopic()).isEqualTo(this.fixture.topic());
		assertThat(failure.getKey()).isEqualTo("c");
		assertThat(failure.getCause()).hasMessage("cannot serialize this one");
		assertThat(failure.getStackTrace()).isEmpty();
		assertThat(before.join().offset()).isNotNegative();
		assertThat(after.join().offset()).isNotNegative();
		assertThat(this.broker.consume(this.fixture.topic(), 2, Duration.ofSeconds(30))).hasSize(2);
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
		String smallTopic = this.fixture.topic() + "-small";
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
				publisher.publish(this.fixture.topic(), "k", OrderPlaced.of("c", 0), Map.of("ce_id", "forged")),
				publisher.publish(this.fixture.topic(), "k", OrderPlaced.of("c", 0), Map.of("Content-Type", "text/plain")),
				publisher.publish(EventMessage.of(OrderPlaced.of("c", 0)).withTopic(this.fixture.topic()).withHeader("h", null)),
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
		List<CompletableFuture<PublishReceipt>> others = new ArrayList<>();
		// Whether the unknown topic still had events parked when each event of the other topic was acknowledged.
		List<CompletableFuture<Boolean>> ackedWhileParked = new ArrayList<>();
		int sequence = 1;
		while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
			missing.add(publisher.publish("no-such-topic", "k", OrderPlaced.of("lost", sequence), Map.of()));
			CompletableFuture<PublishReceipt> other = publisher.publish(OrderPlaced.of("c", sequence));
			others.add(other);
			ackedWhileParked.add(other.thenApply((receipt) -> publisher.parkedTopicCount() > 0));
			sequence++;
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // paces the offered load, not a synchronisation
		}

		// Held back, they would wait for the unknown topic's events to leave at their 3 s deadline: each one was
		// acknowledged while those events still waited for metadata, so none waited behind them.
		for (int i = 0; i < others.size(); i++) {
			assertThat(others.get(i).get(30, TimeUnit.SECONDS).topic()).isEqualTo(this.fixture.topic());
			assertThat(ackedWhileParked.get(i).join()).as("event %d acknowledged while the unknown topic was parked", i)
				.isTrue();
		}
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
		String lateTopic = this.fixture.topic() + "-late";
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
		assertThat(otherTopic.get(10, TimeUnit.SECONDS).topic()).isEqualTo(this.fixture.topic());

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
	void aDeadlineFiresWhileTheTopicsMetadataIsStillAwaited() {
		Duration deliveryTimeout = Duration.ofSeconds(1);
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(deliveryTimeout)
			.metadataWait(Duration.ofSeconds(5)));
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		List<CompletableFuture<Long>> completedAfter = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			long publishedAt = System.nanoTime();
			CompletableFuture<PublishReceipt> future = publisher.publish("also-no-such-topic", "k", OrderPlaced.of("c", i),
					Map.of());
			futures.add(future);
			completedAfter.add(future.handle((receipt, error) -> System.nanoTime() - publishedAt));
		}
		CompletableFuture.allOf(completedAfter.toArray(CompletableFuture[]::new)).join();
		// The dispatcher parks a topic it has not seen answer; the prober asks the producer, which waits up to 5 s for
		// the metadata. Every event has failed by its deadline while that wait goes on.
		assertThat(threadStacks("domain-events-metadata")).as("the prober's stack once every event has failed")
			.anySatisfy((stack) -> assertThat(stack).anyMatch((frame) -> frame.getClassName()
				.equals("org.apache.kafka.clients.producer.KafkaProducer")));
		// The documented bound: every future completes within the delivery timeout, and the timer's margin.
		assertThat(completedAfter).allSatisfy((nanos) -> assertThat(nanos.join())
			.isLessThanOrEqualTo(deliveryTimeout.plus(DEADLINE_TOLERANCE).toNanos()));
		int possiblyWritten = 0;
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isIn(FailureReason.DELIVERY_TIMEOUT, FailureReason.TOPIC_UNAVAILABLE);
			possiblyWritten += failure.isPossiblyWritten() ? 1 : 0;
		}
		// None was sent, so none can have reached the producer, but for an event sent as the metadata came.
		assertThat(possiblyWritten).isLessThanOrEqualTo(1);
		PublisherStats stats = publisher.stats();
		assertThat(stats.failed()).isEqualTo(50);
		assertThat(stats.pending()).isZero();
	}

	private static List<List<StackTraceElement>> threadStacks(String name) {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getName().equals(name))
			.map((entry) -> List.of(entry.getValue()))
			.toList();
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
		assertThat(this.broker.consume(this.fixture.topic(), 100, Duration.ofSeconds(30))).hasSize(100);
	}

	@Test
	void aFailedEventPublishedAgainKeepsItsEventId() throws Exception {
		String lateTopic = this.fixture.topic() + "-late";
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
		// Room for 50 events, offered 5,000 in a tight loop: the broker's answers cannot keep up, so calls are refused.
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(50));
		// What the callers saw, counted by the test itself: the ledger's figures are checked against these.
		int acceptedByCaller = 0;
		int rejectedByCaller = 0;
		AtomicInteger succeededByCallback = new AtomicInteger();
		AtomicInteger failedByCallback = new AtomicInteger();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		List<CompletableFuture<?>> callbacks = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c" + (i % 7), i));
			futures.add(future);
			if (future.isCompletedExceptionally()) {
				rejectedByCaller++;
			}
			else {
				acceptedByCaller++;
				callbacks.add(future.handle((receipt, error) -> ((error != null) ? failedByCallback
						: succeededByCallback).incrementAndGet()));
			}
			// Read before the figures: the ledger counts an outcome before its future completes, so it may be ahead
			// of the callbacks, never behind them.
			int succeededSeen = succeededByCallback.get();
			int failedSeen = failedByCallback.get();
			PublisherStats stats = publisher.stats();
			assertThat(stats.accepted()).as("accepted after call %d", i).isEqualTo(acceptedByCaller);
			assertThat(stats.rejected()).as("rejected after call %d", i).isEqualTo(rejectedByCaller);
			assertThat(stats.succeeded()).as("succeeded after call %d", i).isGreaterThanOrEqualTo(succeededSeen);
			assertThat(stats.failed()).as("failed after call %d", i).isGreaterThanOrEqualTo(failedSeen);
			assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
		}
		CompletableFuture.allOf(callbacks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		assertThat(rejectedByCaller).as("calls refused").isPositive();
		PublisherStats stats = publisher.stats();
		assertThat(stats.rejected()).isEqualTo(rejectedByCaller);
		assertThat(stats.accepted()).isEqualTo(acceptedByCaller);
		assertThat(stats.accepted() + stats.rejected()).isEqualTo(5000);
		assertThat(stats.succeeded()).isEqualTo(succeededByCallback.get()).isEqualTo(stats.accepted());
		assertThat(stats.failed()).isEqualTo(failedByCallback.get()).isZero();
		assertThat(stats.pending()).isZero();
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublicationFailedException failure = Outcomes.failureOrNull(future);
			if (failure != null) {
				assertThat(failure.getReason()).isEqualTo(FailureReason.QUEUE_FULL);
			}
		}
	}

}
