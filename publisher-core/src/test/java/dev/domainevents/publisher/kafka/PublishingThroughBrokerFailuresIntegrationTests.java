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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker process fails underneath a stream of events: killed with {@code kill -9} and restarted or not, paused
 * for less or more than the delivery timeout, bounced gracefully, down when the publisher starts, or gone long
 * enough for the client to drop its cached metadata. Each scenario checks, besides its own criteria, the global
 * invariants ({@link PublicationRecorder#verify}) and has a positive control that the fault happened.
 * <p>
 * The broker's session timeout is short, so that a broker restarted after {@code kill -9} is admitted again in
 * seconds rather than after the default nine.
 */
@WithKafkaBroker(dedicated = true,
		brokerProperties = { "broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500" })
class PublishingThroughBrokerFailuresIntegrationTests {

	private static final Duration TOLERANCE = Duration.ofSeconds(1);

	private final ProcessKafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingThroughBrokerFailuresIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker).topicPerTest("faults", 3).closeTimeout(Duration.ofSeconds(5));
	}

	@BeforeEach
	void createTheOtherTopic() {
		// Warm-up and control records go elsewhere: the invariants account for every record in the topic.
		this.broker.createTopic(this.fixture.topic() + "-other", 1);
	}

	// A test that stopped the broker leaves it so: the fixture restarts nothing, and the next test needs it.
	@AfterEach
	void closePublishersAndHealTheBroker() {
		if (this.broker.isPaused()) {
			this.broker.resume();
		}
		this.fixture.closePublishers();
		if (!this.broker.isRunning()) {
			this.broker.restart();
		}
	}

	private KafkaDomainEventPublisher publisher(Duration deliveryTimeout,
			Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher((builder) -> {
			builder.deliveryTimeout(deliveryTimeout)
				.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
				.producerProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250)
				.producerProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
			customizer.accept(builder);
		});
	}

	private void warmUp(KafkaDomainEventPublisher publisher) throws Exception {
		publisher.publish(this.fixture.topic() + "-other", "warm-up", OrderPlaced.of("warm-up", 0), Map.of())
			.get(30, TimeUnit.SECONDS);
	}

	private static void report(String scenario, PublicationRecorder.Summary summary) {
		System.out.println("[fault scenario] " + scenario + ": " + summary);
	}

	@Test
	void aBrokerKilledAndRestartedWithinTheDeliveryTimeoutLosesAndDuplicatesNothing() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(40);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout,
				(builder) -> builder.maxQueuedEvents(50_000).maxQueuedBytes(64L * 1024 * 1024));
		warmUp(publisher);
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(1000, Duration.ofSeconds(2), 20);
		long pid = this.broker.pid();
		this.broker.kill();
		assertThat(ProcessHandle.of(pid)).as("the broker process is gone").isEmpty();
		recorder.publishSteadily(1000, Duration.ofSeconds(2), 20);
		this.broker.restart();
		recorder.publishSteadily(1000, Duration.ofSeconds(2), 20);

		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("kill -9, restarted within the delivery timeout", summary);
		assertThat(summary.failed()).isZero();
		assertThat(summary.succeeded()).isEqualTo(summary.events());
	}

	@Test
	void aBrokerKilledForGoodFailsEveryEventWithinTheBoundAndMemoryStaysBounded() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(3);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout,
				(builder) -> builder.maxQueuedEvents(2000).maxInFlightBytes(256 * 1024));
		warmUp(publisher);
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(500, Duration.ofSeconds(1), 10);
		this.broker.kill();
		assertThat(this.broker.isRunning()).isFalse();
		int publishedBeforeTheKill = recorder.futures().size();
		long heapAtTheKill = Outcomes.usedHeapAfterGc();
		long mostQueued = 0;
		long start = System.nanoTime();
		while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
			recorder.publishSteadily(1000, Duration.ofMillis(100), 10);
			PublisherStats stats = publisher.stats();
			mostQueued = Math.max(mostQueued, stats.queuedEvents());
			assertThat(stats.queuedEvents()).isLessThanOrEqualTo(2000);
			assertThat(stats.inFlightBytes()).isLessThanOrEqualTo(256 * 1024);
		}
		// The memory itself, not the ledger's own counters: 100,000 events of 1 KiB that the test does not keep, a
		// hundred MiB without the bound, offered while the broker is gone; what the publisher then holds stays live.
		long offered = 100_000;
		for (int i = 0; i < offered; i++) {
			publisher.publish(this.fixture.topic(), "unrecorded", OrderPlaced.padded("unrecorded", i, 1024), Map.of());
		}
		long retainedHeap = Outcomes.usedHeapAfterGc() - heapAtTheKill;
		PublisherStats held = publisher.stats();

		CompletableFuture<PublishReceipt> last = recorder.publish("key-0");
		PublicationFailedException failure = Outcomes.failureOf(last);
		assertThat(failure.getEvent()).isInstanceOf(OrderPlaced.class);
		this.broker.restart();
		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("kill -9, not restarted (most queued " + mostQueued + " of 2000; heap retained after GC "
				+ retainedHeap / 1024 + " KiB with " + held.heldEvents() + " events held, " + offered
				+ " more offered)", summary);
		// The events published before the kill may have been acknowledged; none after it can be.
		assertThat(recorder.futures().subList(publishedBeforeTheKill, summary.events()))
			.as("events published after the kill")
			.allSatisfy((future) -> assertThat(future).isCompletedExceptionally());
		assertThat(summary.failed()).isGreaterThan(summary.events() / 2);
		assertThat(summary.lost()).isZero();
		assertThat(held.heldEvents()).isLessThanOrEqualTo(2000);
		// 2,000 events of about 1.3 KiB at most, the producer's 256 KiB in flight, and the 5,000 or so outcomes the
		// recorder keeps; unbounded, the 100,000 offered alone would retain well over 100 MiB.
		assertThat(retainedHeap).as("heap retained after GC, above the heap at the kill")
			.isLessThan(32L * 1024 * 1024);
	}

	@Test
	void aPauseShorterThanTheDeliveryTimeoutFailsNothing() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(20);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout, (builder) -> {
		});
		warmUp(publisher);
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(1000, Duration.ofSeconds(1), 20);
		this.broker.pause();
		assertThat(this.broker.isPaused()).isTrue();
		recorder.publishSteadily(1000, Duration.ofSeconds(3), 20);
		PublisherStats whilePaused = publisher.stats();
		this.broker.resume();
		recorder.publishSteadily(1000, Duration.ofSeconds(1), 20);

		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("SIGSTOP 3 s, delivery timeout 20 s", summary);
		assertThat(whilePaused.pending()).as("events waited while the broker was paused").isGreaterThan(1000);
		assertThat(summary.failed()).isZero();
	}

	@Test
	void aPauseLongerThanTheDeliveryTimeoutFailsBothClassesCorrectlyAndRecoversByItself() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(3);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout, (builder) -> builder.maxInFlightBytes(64 * 1024));
		warmUp(publisher);
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(500, Duration.ofMillis(500), 10);
		this.broker.pause();
		recorder.publishSteadily(500, Duration.ofSeconds(5), 10);
		this.broker.resume();
		// Recovery by itself: once the broker answers again, new events are acknowledged.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> recorder.publish("key-0").handle((receipt, error) -> error == null).get(10, TimeUnit.SECONDS));
		recorder.publishSteadily(500, Duration.ofSeconds(1), 10);

		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("SIGSTOP 5 s, delivery timeout 3 s", summary);
		assertThat(summary.failedNotWritten()).as("expired while queued").isPositive();
		assertThat(summary.failedPossiblyWritten()).as("expired while the producer had them").isPositive();
	}

	@Test
	void fiveGracefulBouncesLoseAndDuplicateNothing() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(60);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout,
				(builder) -> builder.maxQueuedEvents(50_000).maxQueuedBytes(64L * 1024 * 1024));
		warmUp(publisher);
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		AtomicBoolean bouncing = new AtomicBoolean(true);
		ExecutorService load = Executors.newSingleThreadExecutor();
		// Publishes for as long as the bounces take, however slow the machine is.
		Future<?> publishing = load.submit(() -> {
			while (bouncing.get()) {
				recorder.publishSteadily(500, Duration.ofMillis(500), 20);
			}
		});
		List<Long> pids = new ArrayList<>();
		for (int bounce = 0; bounce < 5; bounce++) {
			pids.add(this.broker.pid());
			this.broker.stop();
			this.broker.restart();
		}
		bouncing.set(false);
		publishing.get(60, TimeUnit.SECONDS);
		load.shutdown();

		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("5 graceful bounces", summary);
		assertThat(pids).as("five different broker processes were stopped").hasSize(5).doesNotHaveDuplicates();
		assertThat(summary.failed()).isZero();
	}

	@Test
	void publishNeverWaitsWhileAnOutageMakesTheClientDropItsMetadataThoughARawProducerBlocks() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(5);
		Map<String, Object> fastRebootstrap = Map.of("metadata.recovery.rebootstrap.trigger.ms", 1000,
				ProducerConfig.METADATA_MAX_AGE_CONFIG, 1000);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout,
				(builder) -> builder.producerProperties(fastRebootstrap)
					.producerProperty("interceptor.classes", SendingThreadsInterceptor.class.getName()));
		SendingThreadsInterceptor.threads.clear();
		// Sent by the dispatcher: also the positive control that the interceptor records who calls send().
		warmUp(publisher);
		Map<String, Object> rawConfig = new java.util.HashMap<>(fastRebootstrap);
		rawConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers());
		rawConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
		rawConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		rawConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
		try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(rawConfig, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(this.fixture.topic() + "-other", new byte[1])).get(30, TimeUnit.SECONDS);
			PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
			this.broker.kill();
			List<Future<?>> rawSends = new ArrayList<>();
			long start = System.nanoTime();
			while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6)) {
				recorder.publishSteadily(200, Duration.ofMillis(500), 10);
				rawSends.add(raw.send(new ProducerRecord<>(this.fixture.topic() + "-other", new byte[1])));
			}
			// Positive control: the client dropped the topic's metadata, and the raw send() waited max.block.ms for it.
			assertThat(rawSends).as("raw sends during the outage").anySatisfy((send) -> assertThat(send)
				.failsWithin(Duration.ofSeconds(30))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
				.withMessageContaining("not present in metadata after 2000 ms"));
			// publish() never entered Kafka's client on the caller's thread: only the dispatcher called send().
			assertThat(SendingThreadsInterceptor.threads).as("threads that called KafkaProducer.send()")
				.containsExactly("domain-events-dispatcher");
			System.out.println("[fault scenario] metadata dropped during an outage: publish() at most "
					+ recorder.longestCall().toNanos() / 1000 + " us");
			this.broker.restart();
			PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
			report("outage dropping cached metadata", summary);
		}
	}

	@Test
	void aBrokerDownWhenThePublisherStartsIsUsedOnceItComesUp() throws Exception {
		this.broker.stop();
		Duration deliveryTimeout = Duration.ofSeconds(30);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout,
				(builder) -> builder.overflowPolicy(OverflowPolicy.REJECT));
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(200, Duration.ofSeconds(2), 10);
		assertThat(publisher.stats().succeeded()).as("nothing can be acknowledged yet").isZero();
		this.broker.restart();
		recorder.publishSteadily(200, Duration.ofSeconds(1), 10);

		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("broker down when the publisher starts", summary);
		assertThat(summary.failed()).isZero();
	}

	@Test
	void aBrokerThatNeverComesUpFailsEveryEventAsNotWrittenWithinTheBound() throws Exception {
		this.broker.stop();
		Duration deliveryTimeout = Duration.ofSeconds(3);
		KafkaDomainEventPublisher publisher = publisher(deliveryTimeout, (builder) -> {
		});
		PublicationRecorder recorder = new PublicationRecorder(publisher, this.fixture.topic());
		recorder.publishSteadily(200, Duration.ofSeconds(1), 10);
		List<CompletableFuture<PublishReceipt>> probes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			probes.add(recorder.publish("probe"));
		}
		for (CompletableFuture<PublishReceipt> probe : probes) {
			PublicationFailedException failure = Outcomes.failureOf(probe);
			assertThat(failure.getReason()).isIn(FailureReason.TOPIC_UNAVAILABLE, FailureReason.DELIVERY_TIMEOUT);
			assertThat(failure.isPossiblyWritten()).isFalse();
		}
		this.broker.restart();
		PublicationRecorder.Summary summary = recorder.verify(this.broker, deliveryTimeout.plus(TOLERANCE));
		report("broker down at start and never up in time", summary);
		assertThat(summary.succeeded()).isZero();
		assertThat(summary.failedPossiblyWritten()).isZero();
	}

}
