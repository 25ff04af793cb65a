/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.SaslPlain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 13 of RELIABILITY.md: a broker with SASL/PLAIN and the {@code StandardAuthorizer} that denies the
 * publishing user a topic, or the producer id that an idempotent producer needs. Denied events must fail fast with
 * {@link FailureReason#AUTHORIZATION}, not be retried until their deadline, and not disturb the events the user may
 * publish; a denial lifted by an administrator must not need a restart of the publisher.
 * <p>
 * What the 4.1.2 client does, seen on this broker: a topic the user may not even describe fails in {@code send()}'s
 * metadata wait, either at once with a {@link TopicAuthorizationException} or, when the producer's metadata backoff
 * delays the next request past {@code max.block.ms}, with a {@code TimeoutException} whose cause is that
 * {@link TopicAuthorizationException}. A topic the user may describe but not write fails in the producer's callback,
 * rejected by the broker. A user that may write no topic at all gets no producer id: the producer sees a
 * {@link ClusterAuthorizationException}, which it treats as abortable rather than fatal since KAFKA-13668: it fails
 * the records it holds and asks again at once (thousands of InitProducerId requests a second here), and the same
 * producer works as soon as the user may write. A user that may not even describe the topic sees only the topic
 * denial.
 */
class PublishingWithoutAuthorizationIntegrationTests {

	private static final SaslPlain sasl = SaslPlain.users(Map.of("alice", "alice-secret", "bob", "bob-secret",
			"carol", "carol-secret"));

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

	/** How soon after publication a denied event must have failed: far below the deadline, so not retried. */
	private static final Duration FAST = Duration.ofSeconds(2);

	private static ProcessKafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture = PublisherFixture.on(() -> broker);

	private final List<DefaultKafkaProducerFactory<byte[], byte[]>> factories = new ArrayList<>();

	@BeforeAll
	static void startBroker() {
		broker = sasl.configure(KafkaBrokers.process()).start();
		for (String topic : List.of("allowed", "denied", "readable", "bobs", "carols")) {
			broker.createTopic(topic, 3);
		}
		// READ implies DESCRIBE: alice sees readable's metadata, so the broker itself must refuse her records.
		sasl.createAcls(broker, List.of(
				SaslPlain.allow("alice", AclOperation.WRITE, literalTopic("allowed")),
				SaslPlain.allow("alice", AclOperation.READ, literalTopic("readable")),
				SaslPlain.allow("bob", AclOperation.DESCRIBE, literalTopic("bobs"))));
	}

	@AfterAll
	static void closeBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@AfterEach
	void closePublishersAndTheirFactories() {
		this.fixture.closePublishers();
		// The publisher does not close a factory it was given.
		this.factories.forEach(DefaultKafkaProducerFactory::destroy);
	}

	@Test
	void eventsForTopicsTheUserMayNotWriteFailFastWhileItsOtherEventsAreAcknowledgedByTheSameProducer() {
		AtomicInteger producersCreated = new AtomicInteger();
		KafkaDomainEventPublisher publisher = publisher("alice", producersCreated);
		List<Publication> publications = new ArrayList<>();
		// Interleaved, so that every denied event sits between events that must not suffer from it.
		for (int i = 0; i < 200; i++) {
			for (String topic : List.of("allowed", "denied", "readable")) {
				publications.add(Publication.of(publisher, topic, "c" + (i % 10), i));
			}
		}
		awaitCompletion(publications);
		Figures allowed = Figures.of("allowed", publications);
		Figures denied = Figures.of("denied", publications);
		Figures readable = Figures.of("readable", publications);
		System.out.println("Topic-level denial, alice (WRITE on allowed; nothing on denied; READ on readable), "
				+ producersCreated.get() + " producer(s) created:\n  " + allowed + "\n  " + denied + "\n  " + readable);

		for (Publication publication : publications) {
			if (publication.topic.equals("allowed")) {
				assertThat(publication.future).as("event %d for allowed", publication.sequence)
					.isCompletedWithValueMatching((receipt) -> receipt.topic().equals("allowed")
							&& receipt.offset() >= 0);
			}
			else {
				assertDeniedFast(publication, TopicAuthorizationException.class);
			}
		}
		assertThat(producersCreated).as("producers created: a topic-level denial must not replace the producer")
			.hasValue(1);
		assertInvariants(publisher, publications, 600);
		assertThat(publisher.stats().succeeded()).isEqualTo(200);
		assertThat(broker.consume("denied", 0, Duration.ofSeconds(10))).as("records in denied").isEmpty();
		assertThat(broker.consume("readable", 0, Duration.ofSeconds(10))).as("records in readable").isEmpty();
	}

	@Test
	void eventsOfAUserWithoutAnyAclFailFastOnTheTopicDenialThatMasksTheMissingProducerId() {
		// With no ACL at all, the metadata request for the topic is refused before a record reaches the producer's
		// buffer, so the ClusterAuthorizationException of the producer id request never reaches an event.
		AtomicInteger producersCreated = new AtomicInteger();
		KafkaDomainEventPublisher publisher = publisher("carol", producersCreated);
		List<Publication> publications = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			publications.add(Publication.of(publisher, "carols", "c" + (i % 10), i));
		}
		awaitCompletion(publications);
		System.out.println("No ACL at all, carol, " + producersCreated.get() + " producer(s) created:\n  "
				+ Figures.of("carols", publications));

		publications.forEach((publication) -> assertDeniedFast(publication, TopicAuthorizationException.class));
		assertInvariants(publisher, publications, 100);
	}

	@Test
	void eventsOfAUserDeniedAProducerIdFailFastAndTheSamePublisherSucceedsOnceWriteIsGranted() {
		AtomicInteger producersCreated = new AtomicInteger();
		KafkaDomainEventPublisher publisher = publisher("bob", producersCreated);
		// Bob may describe his topic, so metadata arrives, but may write nothing: only the producer id is refused.
		List<Publication> denied = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			denied.add(Publication.of(publisher, "bobs", "c" + (i % 10), i));
		}
		awaitCompletion(denied);
		Figures deniedFigures = Figures.of("bobs", denied);
		System.out.println("Producer id denied, bob (DESCRIBE on bobs), " + producersCreated.get()
				+ " producer(s) created:\n  " + deniedFigures);
		int producersWhileDenied = producersCreated.get();

		long grantedAt = System.nanoTime();
		sasl.grantWrite(broker, "bob", "bobs");
		// Events published right after the grant may still meet the old denial; new ones must succeed soon.
		List<Publication> afterGrant = new ArrayList<>();
		AtomicLong sequence = new AtomicLong(100);
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Publication probe = Publication.of(publisher, "bobs", "probe", sequence.getAndIncrement());
			afterGrant.add(probe);
			probe.completion.get(FAST.toMillis() * 2, TimeUnit.MILLISECONDS);
			return !probe.future.isCompletedExceptionally();
		});
		long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grantedAt);
		int producersAtRecovery = producersCreated.get();
		// Spread over three seconds, longer than a replacement of the producer may be held back, so that one still
		// pending from the denial would show.
		List<Publication> granted = new ArrayList<>();
		long spreadUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(30)).until(() -> {
			granted.add(Publication.of(publisher, "bobs", "c" + (granted.size() % 10), sequence.getAndIncrement()));
			return System.nanoTime() - spreadUntil > 0;
		});
		awaitCompletion(granted);
		System.out.println("WRITE granted to bob, " + producersWhileDenied + " producer(s) created while denied, "
				+ producersAtRecovery + " at the first success, " + producersCreated.get()
				+ " in all:\n  probes until the first success, " + recoveredMillis
				+ " ms after the grant: " + Figures.of("bobs", afterGrant) + "\n  after recovery: "
				+ Figures.of("bobs", granted));

		// Asserted only now, so that the figures of every phase are printed whatever fails.
		denied.forEach((publication) -> assertDeniedFast(publication, ClusterAuthorizationException.class));
		granted.forEach((publication) -> assertThat(publication.future)
			.as("event %d after recovery", publication.sequence)
			.isCompletedWithValueMatching((receipt) -> receipt.offset() >= 0));
		// Once events succeed, a healthy producer must not be replaced: that would fail or hold up its records.
		assertThat(producersCreated).as("producers created after the first success").hasValue(producersAtRecovery);
		afterGrant.stream()
			.filter((publication) -> publication.future.isCompletedExceptionally())
			.forEach((publication) -> assertDeniedFast(publication, ClusterAuthorizationException.class));
		// The 4.1.2 client recovers by itself (the error is abortable, and it asks for a producer id again), so a
		// replaced producer is not needed for this; it is printed above, not asserted.
		List<Publication> all = new ArrayList<>(denied);
		all.addAll(afterGrant);
		all.addAll(granted);
		assertInvariants(publisher, all, all.size());
	}

	private KafkaDomainEventPublisher publisher(String user, AtomicInteger producersCreated) {
		Map<String, Object> config = new HashMap<>(sasl.clientProperties(user));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "authorization-tests-" + user);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		// Small, as the publisher's own factory has it: a topic without metadata costs the dispatcher this long.
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 50);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
		DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(config);
		factory.addListener(new ProducerFactory.Listener<>() {

			@Override
			public void producerAdded(String id, Producer<byte[], byte[]> producer) {
				producersCreated.incrementAndGet();
			}

		});
		this.factories.add(factory);
		return this.fixture.build(KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.source("/tests/authorization")
			.deliveryTimeout(DELIVERY_TIMEOUT));
	}

	/** Waits for every future, at most its deadline and a margin: none may be left pending. */
	private static void awaitCompletion(List<Publication> publications) {
		CompletableFuture<?>[] completions = publications.stream()
			.map((publication) -> publication.completion)
			.toArray(CompletableFuture[]::new);
		await().atMost(DELIVERY_TIMEOUT.plusSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> CompletableFuture.allOf(completions).isDone());
	}

	private static void assertDeniedFast(Publication publication, Class<? extends Throwable> cause) {
		String event = publication.topic + " #" + publication.sequence;
		assertThat(publication.future).as("event %s", event).isCompletedExceptionally();
		PublicationFailedException failure = Outcomes.failureOf(publication.future);
		assertThat(failure.getReason()).as("reason of %s: %s", event, failure).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(failure.isRetriable()).as("retriable %s", event).isFalse();
		assertThat(failure.isPossiblyWritten()).as("possibly written %s", event).isFalse();
		// Clearly reported: the client's authorization error is the cause, or what a wrapper of the client wraps.
		assertThat(causalChain(failure.getCause())).as("causes of %s", event).hasAtLeastOneElementOfType(cause);
		assertThat(failure.getTopic()).isEqualTo(publication.topic);
		assertThat(failure.getEvent()).isEqualTo(publication.event);
		assertThat(publication.completion.join()).as("nanoseconds from publication to failure of %s", event)
			.isLessThan(FAST.toNanos());
	}

	/**
	 * The global invariants: the ledger balances with nothing pending, every acknowledged event is in its topic once,
	 * nothing else is there, and events of a key arrived in order.
	 */
	private static void assertInvariants(KafkaDomainEventPublisher publisher, List<Publication> publications,
			int expectedAccepted) {
		PublisherStats stats = publisher.stats();
		assertThat(stats.accepted()).isEqualTo(expectedAccepted);
		assertThat(stats.accepted()).as("accepted = succeeded + failed + pending: %s", stats)
			.isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
		assertThat(stats.pending()).isZero();
		assertThat(stats.succeeded()).isEqualTo(publications.stream()
			.filter((publication) -> !publication.future.isCompletedExceptionally())
			.count());
		Map<String, List<String>> acknowledgedByTopic = new TreeMap<>();
		for (Publication publication : publications) {
			if (!publication.future.isCompletedExceptionally()) {
				PublishReceipt receipt = publication.future.join();
				acknowledgedByTopic.computeIfAbsent(receipt.topic(), (topic) -> new ArrayList<>())
					.add(receipt.eventId());
			}
		}
		JsonMapper json = JsonMapper.builder().build();
		acknowledgedByTopic.forEach((topic, acknowledged) -> {
			List<ConsumerRecord<byte[], byte[]>> records = broker.consume(topic, acknowledged.size(),
					Duration.ofSeconds(30));
			Set<String> consumedIds = new HashSet<>();
			Map<String, Long> lastSequenceByKey = new HashMap<>();
			for (ConsumerRecord<byte[], byte[]> record : records) {
				assertThat(consumedIds.add(Outcomes.header(record, "ce_id"))).as("no duplicate ce_id in %s", topic)
					.isTrue();
				String key = new String(record.key(), StandardCharsets.UTF_8);
				long sequence = json.readValue(record.value(), OrderPlaced.class).sequence();
				Long previous = lastSequenceByKey.put(key, sequence);
				assertThat(previous == null || previous < sequence).as("order of key %s in %s", key, topic).isTrue();
			}
			assertThat(consumedIds).as("event ids in %s", topic).containsExactlyInAnyOrderElementsOf(acknowledged);
		});
	}

	private static List<Throwable> causalChain(@Nullable Throwable error) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable current = error; current != null && !chain.contains(current); current = current.getCause()) {
			chain.add(current);
		}
		return chain;
	}

	private static ResourcePattern literalTopic(String name) {
		return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
	}

	/** One published event, its future, and the nanoseconds from publication to completion. */
	private record Publication(String topic, long sequence, OrderPlaced event, CompletableFuture<PublishReceipt> future,
			CompletableFuture<Long> completion) {

		static Publication of(KafkaDomainEventPublisher publisher, String topic, String key, long sequence) {
			OrderPlaced event = OrderPlaced.of(key, sequence);
			long publishedAt = System.nanoTime();
			CompletableFuture<PublishReceipt> future = publisher.publish(topic, key, event, Map.of());
			return new Publication(topic, sequence, event, future,
					future.handle((receipt, error) -> System.nanoTime() - publishedAt));
		}

	}

	/** What happened to the events of one topic, for the log. */
	private record Figures(String topic, int events, int succeeded, Map<FailureReason, Integer> failedByReason,
			Map<String, Integer> causes, long maxMillisToFailure, long p99MillisToSuccess, long maxMillisToSuccess) {

		static Figures of(String topic, List<Publication> publications) {
			int events = 0;
			Map<FailureReason, Integer> failedByReason = new EnumMap<>(FailureReason.class);
			Map<String, Integer> causes = new TreeMap<>();
			long maxNanosToFailure = 0;
			List<Long> nanosToSuccess = new ArrayList<>();
			for (Publication publication : publications) {
				if (!publication.topic.equals(topic) || !publication.completion.isDone()) {
					continue;
				}
				events++;
				PublicationFailedException failure = Outcomes.failureOrNull(publication.future);
				if (failure == null) {
					nanosToSuccess.add(publication.completion.join());
					continue;
				}
				failedByReason.merge(failure.getReason(), 1, Integer::sum);
				causes.merge(causalChain(failure.getCause()).stream()
					.map((cause) -> cause.getClass().getSimpleName())
					.reduce((outer, inner) -> outer + " < " + inner)
					.orElse("none"), 1, Integer::sum);
				maxNanosToFailure = Math.max(maxNanosToFailure, publication.completion.join());
			}
			return new Figures(topic, events, nanosToSuccess.size(), failedByReason, causes,
					TimeUnit.NANOSECONDS.toMillis(maxNanosToFailure), millisAt(nanosToSuccess, 99),
					millisAt(nanosToSuccess, 100));
		}

		private static long millisAt(List<Long> nanos, double percentile) {
			return nanos.isEmpty() ? 0 : TimeUnit.NANOSECONDS.toMillis(Outcomes.percentile(nanos, percentile));
		}

		@Override
		public String toString() {
			return this.topic + ": " + this.events + " events, " + this.succeeded + " succeeded (p99 "
					+ this.p99MillisToSuccess + " ms, max " + this.maxMillisToSuccess + " ms), failed by reason "
					+ this.failedByReason + " (causes " + this.causes + "), max time to failure "
					+ this.maxMillisToFailure + " ms";
		}

	}

}
