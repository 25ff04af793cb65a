/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.FaultyProxy;
import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher behind a faulty network (RELIABILITY.md, scenarios 5 and 6): its producer reaches the broker only
 * through a {@link FaultyProxy} that blackholes, delays or throttles the bytes, while the test creates and reads
 * topics on the broker's direct listener. Each scenario publishes at a steady rate through the fault, proves with
 * the proxy's byte counters that the fault happened, and checks the global invariants against the topic.
 */
class PublishingThroughAFaultyNetworkIntegrationTests {

	/** The timer's wake-up and the hand-off to the completion thread, on a busy two-core machine. */
	private static final Duration TOLERANCE = Duration.ofMillis(750);

	private static final int KEYS = 20;

	private static ProcessKafkaBroker broker;

	private static FaultyProxy proxy;

	@RegisterExtension
	final PublisherFixture fixture = PublisherFixture.on(() -> broker)
		.bootstrapServers(() -> broker.proxiedBootstrapServers())
		.topicPerTest("faulty", 3)
		.defaults((builder) -> builder.source("/tests/faulty-network")
			// Short, so that a silent connection is given up and retried within the scenario.
			.producerProperty("request.timeout.ms", 2000)
			// Records which threads enter Kafka's client: publish() must leave that to the dispatcher.
			.producerProperty("interceptor.classes", SendingThreadsInterceptor.class.getName()))
		.routingOrdersToTheTopic("com.example.OrderPlaced");

	@BeforeAll
	static void startBroker() {
		// Not @WithKafkaBroker: the proxied listener is an option of the builder that the annotation does not offer.
		broker = KafkaBrokers.process().proxied(true).start();
		proxy = broker.proxy();
	}

	@AfterAll
	static void closeBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@BeforeEach
	void forgetSendingThreads() {
		SendingThreadsInterceptor.threads.clear();
	}

	// Runs before the fixture closes the publishers: their close must not wait on a silent network.
	@AfterEach
	void healTheNetwork() {
		proxy.pass();
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	@Test
	void aBlackholeShorterThanTheDeliveryTimeoutFailsNothing() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(15);
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(deliveryTimeout));
		Publications publications = new Publications(publisher, deliveryTimeout);
		publications.warmUp();

		publications.publishFor(Duration.ofSeconds(1), 500);
		Blackhole blackhole = Blackhole.begin();
		publications.publishFor(Duration.ofMillis(100), 500);
		blackhole.settle();
		publications.publishFor(Duration.ofMillis(2900), 500);
		blackhole.end();
		long networkBack = System.nanoTime();
		publications.publishFor(Duration.ofSeconds(2), 500);

		Verdict verdict = publications.verify();
		blackhole.assertBytesStopped();
		long drained = TimeUnit.NANOSECONDS.toMillis(publications.lastCompletionOfEventsPublishedBefore(networkBack)
				- networkBack);
		verdict.print("blackhole 3 s < delivery timeout 15 s, 500 events/s",
				blackhole + "; events published before the network returned were all done " + drained + " ms after");
		assertThat(verdict.failed()).as("failures").isZero();
		assertThat(verdict.succeeded()).isEqualTo(verdict.events());
	}

	@Test
	void aBlackholeLongerThanTheDeliveryTimeoutFailsEventsAtTheirDeadlineAndRecoversByItself() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(3);
		// A small in-flight window keeps most events of the outage in our queue: they fail as not written, and those
		// the producer had as possibly written, so that both kinds occur.
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(deliveryTimeout)
			.maxInFlightBytes(16 * 1024));
		Publications publications = new Publications(publisher, deliveryTimeout);
		publications.warmUp();

		publications.publishFor(Duration.ofSeconds(1), 500);
		Blackhole blackhole = Blackhole.begin();
		publications.publishFor(Duration.ofMillis(100), 500);
		blackhole.settle();
		publications.publishFor(Duration.ofMillis(5900), 500);
		blackhole.end();
		long networkBack = System.nanoTime();
		int publishedBeforeRecovery = publications.size();
		publications.publishFor(Duration.ofSeconds(3), 500);

		Verdict verdict = publications.verify();
		blackhole.assertBytesStopped();
		List<Outcome> afterRecovery = publications.outcomes().subList(publishedBeforeRecovery, publications.size());
		long failedAfterRecovery = afterRecovery.stream().filter((outcome) -> outcome.failure() != null).count();
		long firstAck = publications.firstAckAfter(networkBack);
		verdict.print("blackhole 6 s > delivery timeout 3 s, 500 events/s", blackhole + "; first ack "
				+ TimeUnit.NANOSECONDS.toMillis(firstAck - networkBack) + " ms after the network returned; "
				+ afterRecovery.size() + " events published after it, " + failedAfterRecovery + " failed");
		assertThat(verdict.notWritten()).as("failed as not written").isPositive();
		assertThat(verdict.possiblyWritten()).as("failed as possibly written").isPositive();
		// Events the producer had fail at their deadline as possibly written; those still in our queue as not written.
		// At its first request timeout the producer, with no other broker to ask, rebootstraps and forgets the
		// topic's metadata, so later sends park their events; since this topic was written before, they still fail
		// as timeouts, not as a missing topic.
		for (Outcome outcome : publications.outcomes()) {
			PublicationFailedException failure = outcome.failure();
			if (failure != null) {
				assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
				assertThat(failure.isRetriable()).isTrue();
				if (failure.isPossiblyWritten()) {
					assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
				}
			}
		}
		assertThat(failedAfterRecovery).as("failures of events published after the network returned").isZero();
	}

	@Test
	void aSlowNetworkSlowsPublishingDownSmoothlyWithoutFailures() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(15);
		int rate = 400;
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(deliveryTimeout));
		Publications publications = new Publications(publisher, deliveryTimeout);
		publications.warmUp();

		Phase baseline = publications.phase("network passing", Duration.ofSeconds(2), rate, FaultyProxy::pass);
		Phase delayed = publications.phase("50 ms per chunk each way", Duration.ofSeconds(4), rate,
				(faulty) -> faulty.delay(Duration.ofMillis(50)));
		Phase throttled = publications.phase("200 KB/s each way", Duration.ofSeconds(4), rate,
				(faulty) -> faulty.pass().throttle(200_000));
		long belowOfferedLoad = baseline.bytesPerSecondToTarget() * 2 / 3;
		Phase saturated = publications.phase(belowOfferedLoad / 1000 + " KB/s each way (2/3 of the offered load)",
				Duration.ofSeconds(3), rate, (faulty) -> faulty.throttle(belowOfferedLoad));
		proxy.pass();

		Verdict verdict = publications.verify();
		List<Phase> phases = List.of(baseline, delayed, throttled, saturated);
		StringBuilder figures = new StringBuilder();
		for (Phase phase : phases) {
			figures.append("\n    ").append(publications.describe(phase));
		}
		verdict.print("slow network, " + rate + " events/s", figures.toString());
		assertThat(verdict.failed()).as("failures").isZero();
		// Positive controls of the faults, not speed figures: the delay shows in every round trip (a request and its response each wait 50 ms, so no
		// ack comes sooner than 100 ms; a busy machine only adds to that), and the throttles cap the bytes that pass.
		// Only events sent in the phase's last moments, answered after it, may be quicker.
		assertThat(publications.ackLatencyPercentile(delayed, 10)).isGreaterThanOrEqualTo(
				TimeUnit.MILLISECONDS.toNanos(100));
		assertThat(throttled.bytesPerSecondToTarget()).isLessThanOrEqualTo(200_000 * 11 / 10);
		assertThat(saturated.bytesPerSecondToTarget()).isLessThanOrEqualTo(belowOfferedLoad * 11 / 10);
		// Smoothly: publishing goes on under every condition, with no stall until the network heals. The rates
		// themselves are printed above; they are figures, not outcomes.
		for (Phase phase : phases) {
			assertThat(publications.acknowledgedDuring(phase)).as("events acknowledged during %s", phase.name())
				.isPositive();
		}
	}

	/** The proxy's counters around a blackhole: the positive control that the network really was silent. */
	private static final class Blackhole {

		private final long started = System.nanoTime();

		private final long fromClientsAtStart;

		private long toTargetAtStart;

		private long toClientsAtStart;

		private long fromClientsAtEnd;

		private long toTargetAtEnd;

		private long toClientsAtEnd;

		private long durationNanos;

		private Blackhole() {
			this.fromClientsAtStart = proxy.bytesFromClients();
			proxy.blackhole();
		}

		static Blackhole begin() {
			return new Blackhole();
		}

		void end() {
			this.fromClientsAtEnd = proxy.bytesFromClients();
			this.toTargetAtEnd = proxy.bytesToTarget();
			this.toClientsAtEnd = proxy.bytesToClients();
			this.durationNanos = System.nanoTime() - this.started;
			proxy.pass();
		}

		/**
		 * Takes the forwarded counters a moment into the blackhole, since a chunk already past the proxy's gate when
		 * it began may still be written.
		 */
		void settle() {
			this.toTargetAtStart = proxy.bytesToTarget();
			this.toClientsAtStart = proxy.bytesToClients();
		}

		void assertBytesStopped() {
			assertThat(this.toTargetAtEnd).as("bytes forwarded to the broker during the blackhole")
				.isEqualTo(this.toTargetAtStart);
			assertThat(this.toClientsAtEnd).as("bytes forwarded to the producer during the blackhole")
				.isEqualTo(this.toClientsAtStart);
			assertThat(this.fromClientsAtEnd).as("bytes the producer sent into the blackhole")
				.isGreaterThan(this.fromClientsAtStart);
		}

		@Override
		public String toString() {
			return "blackhole of " + TimeUnit.NANOSECONDS.toMillis(this.durationNanos) + " ms: the producer sent "
					+ (this.fromClientsAtEnd - this.fromClientsAtStart) + " bytes into it, "
					+ (this.toTargetAtEnd - this.toTargetAtStart) + " reached the broker, "
					+ (this.toClientsAtEnd - this.toClientsAtStart) + " came back";
		}

	}

	/** One stretch of steady publishing under one network condition. */
	private record Phase(String name, long startNanos, long endNanos, int firstEvent, int endEvent,
			long bytesToTarget) {

		double seconds() {
			return (this.endNanos - this.startNanos) / 1e9;
		}

		long bytesPerSecondToTarget() {
			return (long) (this.bytesToTarget / seconds());
		}

	}

	/** What became of one published event. */
	private record Outcome(OrderPlaced event, long publishedAt, long completedAt, PublishReceipt receipt,
			PublicationFailedException failure) {

		String eventId() {
			return (this.receipt != null) ? this.receipt.eventId() : this.failure.getEventId();
		}

	}

	/** The figures of a scenario, checked against the topic's content. */
	private record Verdict(int events, int succeeded, int failed, int notWritten, int possiblyWritten,
			Map<String, Integer> failuresByClass, int consumed, int writtenAfterFailing, int lost,
			int duplicates, long maxCallNanos, long p99CallNanos, long maxCompletionNanos, long p99AckNanos,
			PublisherStats stats) {

		void print(String scenario, String details) {
			System.out.printf("%n[faulty network] %s%n    events %d, succeeded %d, failed %d (not written %d, possibly "
					+ "written %d: %s), in the topic %d (of which %d had failed as possibly written), lost %d, "
					+ "duplicates %d%n    publish() call after the warm-up: max %.2f ms, p99 %d us; completion at most "
					+ "%d ms after publish(); ack latency p99 %d ms%n    %s%n    %s%n%n", scenario, this.events,
					this.succeeded, this.failed, this.notWritten, this.possiblyWritten, this.failuresByClass,
					this.consumed, this.writtenAfterFailing, this.lost, this.duplicates, this.maxCallNanos / 1e6,
					this.p99CallNanos / 1000, TimeUnit.NANOSECONDS.toMillis(this.maxCompletionNanos),
					TimeUnit.NANOSECONDS.toMillis(this.p99AckNanos), details, this.stats);
		}

	}

	/**
	 * Publishes keyed events at a steady rate, remembers every outcome, and checks the invariants against the topic.
	 */
	private final class Publications {

		private final KafkaDomainEventPublisher publisher;

		private final Duration deliveryTimeout;

		private final List<OrderPlaced> events = new ArrayList<>();

		private final List<Long> publishedAt = new ArrayList<>();

		private final List<Long> callNanos = new ArrayList<>();

		private final List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();

		/** Completion times, taken by a callback: when the caller learns the outcome. */
		private final List<CompletableFuture<Long>> completedAt = new ArrayList<>();

		private List<Outcome> outcomes;

		/** The first call of a publisher pays for class loading and serializer caches: not a figure of the fault. */
		private int warmUps;

		Publications(KafkaDomainEventPublisher publisher, Duration deliveryTimeout) {
			this.publisher = publisher;
			this.deliveryTimeout = deliveryTimeout;
		}

		int size() {
			return this.events.size();
		}

		/** One event through the proxy before the fault, so that metadata and connections are in place. */
		void warmUp() throws Exception {
			publishOne().get(30, TimeUnit.SECONDS);
			this.warmUps = this.events.size();
		}

		CompletableFuture<PublishReceipt> publishOne() {
			int sequence = this.events.size();
			OrderPlaced event = OrderPlaced.of("c" + (sequence % KEYS), sequence);
			long start = System.nanoTime();
			CompletableFuture<PublishReceipt> future = this.publisher.publish(event);
			long end = System.nanoTime();
			this.events.add(event);
			this.publishedAt.add(start);
			this.callNanos.add(end - start);
			this.futures.add(future);
			this.completedAt.add(future.handle((receipt, error) -> System.nanoTime()));
			return future;
		}

		/** Publishes at the given rate for a while; the test thread paces itself, it never waits for an outcome. */
		void publishFor(Duration duration, int eventsPerSecond) {
			long period = TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			long next = start;
			while (next - end < 0) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait); // paces the offered load
				}
				publishOne();
				next += period;
			}
		}

		Phase phase(String name, Duration duration, int eventsPerSecond, Consumer<FaultyProxy> condition) {
			condition.accept(proxy);
			int first = this.events.size();
			long bytes = proxy.bytesToTarget();
			long start = System.nanoTime();
			publishFor(duration, eventsPerSecond);
			return new Phase(name, start, System.nanoTime(), first, this.events.size(), proxy.bytesToTarget() - bytes);
		}

		/** Waits for every future; each must be done within its bound, which {@link #verify()} checks precisely. */
		List<Outcome> outcomes() {
			if (this.outcomes != null) {
				return this.outcomes;
			}
			CompletableFuture.allOf(this.completedAt.toArray(CompletableFuture[]::new))
				.orTimeout(this.deliveryTimeout.plus(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS)
				.join();
			List<Outcome> all = new ArrayList<>();
			for (int i = 0; i < this.events.size(); i++) {
				CompletableFuture<PublishReceipt> future = this.futures.get(i);
				PublicationFailedException failure = Outcomes.failureOrNull(future);
				PublishReceipt receipt = (failure == null) ? future.join() : null;
				all.add(new Outcome(this.events.get(i), this.publishedAt.get(i), this.completedAt.get(i).join(),
						receipt, failure));
			}
			this.outcomes = all;
			return all;
		}

		long lastCompletionOfEventsPublishedBefore(long nanos) {
			return outcomes().stream()
				.filter((outcome) -> outcome.publishedAt() - nanos < 0)
				.mapToLong(Outcome::completedAt)
				.max()
				.orElse(nanos);
		}

		long firstAckAfter(long nanos) {
			return outcomes().stream()
				.filter((outcome) -> outcome.receipt() != null && outcome.completedAt() - nanos >= 0)
				.mapToLong(Outcome::completedAt)
				.min()
				.orElse(nanos);
		}

		long acknowledgedDuring(Phase phase) {
			return outcomes().stream()
				.filter((outcome) -> outcome.receipt() != null && outcome.completedAt() - phase.startNanos() >= 0
						&& outcome.completedAt() - phase.endNanos() < 0)
				.count();
		}

		double ackRate(Phase phase) {
			return acknowledgedDuring(phase) / phase.seconds();
		}

		long ackLatencyPercentile(Phase phase, double percentile) {
			List<Long> latencies = new ArrayList<>();
			for (Outcome outcome : outcomes().subList(phase.firstEvent(), phase.endEvent())) {
				latencies.add(outcome.completedAt() - outcome.publishedAt());
			}
			return Outcomes.percentile(latencies, percentile);
		}

		String describe(Phase phase) {
			return String.format("%-45s offered %d events in %.1f s, acknowledged %.0f events/s while it lasted, "
					+ "%d KB/s to the broker, ack latency p50 %d ms, p99 %d ms", phase.name(),
					phase.endEvent() - phase.firstEvent(), phase.seconds(), ackRate(phase),
					phase.bytesPerSecondToTarget() / 1000,
					TimeUnit.NANOSECONDS.toMillis(ackLatencyPercentile(phase, 50)),
					TimeUnit.NANOSECONDS.toMillis(ackLatencyPercentile(phase, 99)));
		}

		/**
		 * Checks the global invariants: every future completed within the delivery timeout of its publication; every
		 * acknowledged event is in the topic once; no event failed as not written is; nothing else is there but
		 * events failed as possibly written; order per key among acknowledged events; the ledger balances, with
		 * nothing pending.
		 */
		Verdict verify() {
			List<Outcome> all = outcomes();
			Map<String, Outcome> byId = new HashMap<>();
			Set<String> acknowledged = new HashSet<>();
			Set<String> notWritten = new HashSet<>();
			Set<String> possiblyWritten = new HashSet<>();
			Map<String, Integer> byClass = new TreeMap<>();
			long maxCompletion = 0;
			List<Long> ackLatencies = new ArrayList<>();
			for (Outcome outcome : all) {
				long completion = outcome.completedAt() - outcome.publishedAt();
				maxCompletion = Math.max(maxCompletion, completion);
				assertThat(completion).as("completion of %s after publish()", outcome.event())
					.isLessThanOrEqualTo(this.deliveryTimeout.plus(TOLERANCE).toNanos());
				assertThat(byId.put(outcome.eventId(), outcome)).as("event ids are unique").isNull();
				if (outcome.receipt() != null) {
					acknowledged.add(outcome.eventId());
					ackLatencies.add(completion);
				}
				else {
					boolean mayBeWritten = outcome.failure().isPossiblyWritten();
					String failureClass = outcome.failure().getReason()
							+ (mayBeWritten ? " possibly written" : " not written");
					byClass.merge(failureClass, 1, Integer::sum);
					(mayBeWritten ? possiblyWritten : notWritten).add(outcome.eventId());
				}
			}

			String topic = PublishingThroughAFaultyNetworkIntegrationTests.this.fixture.topic();
			List<ConsumerRecord<byte[], byte[]>> records = broker.consume(topic, acknowledged.size(),
					Duration.ofSeconds(30));
			Set<String> consumed = new HashSet<>();
			int duplicates = 0;
			Map<String, Long> lastAcknowledgedSequence = new HashMap<>();
			for (ConsumerRecord<byte[], byte[]> record : records) {
				String eventId = Outcomes.header(record, "ce_id");
				if (!consumed.add(eventId)) {
					duplicates++;
				}
				Outcome outcome = byId.get(eventId);
				assertThat(outcome).as("the record %s is one of the published events", eventId).isNotNull();
				if (acknowledged.contains(eventId)) {
					OrderPlaced event = outcome.event();
					Long previous = lastAcknowledgedSequence.put(event.customerId(), event.sequence());
					assertThat(previous == null || previous < event.sequence())
						.as("order of key %s: %s after %s", event.customerId(), event.sequence(), previous)
						.isTrue();
				}
			}
			Set<String> lost = new HashSet<>(acknowledged);
			lost.removeAll(consumed);
			Set<String> writtenThoughNotWritten = new HashSet<>(notWritten);
			writtenThoughNotWritten.retainAll(consumed);
			Set<String> writtenAfterFailing = new HashSet<>(possiblyWritten);
			writtenAfterFailing.retainAll(consumed);
			PublisherStats stats = this.publisher.stats();
			List<Long> calls = new ArrayList<>(this.callNanos.subList(this.warmUps, this.callNanos.size()));
			Verdict verdict = new Verdict(all.size(), acknowledged.size(), notWritten.size() + possiblyWritten.size(),
					notWritten.size(), possiblyWritten.size(), byClass, consumed.size(), writtenAfterFailing.size(),
					lost.size(), duplicates, Outcomes.percentile(calls, 100), Outcomes.percentile(calls, 99),
					maxCompletion, ackLatencies.isEmpty() ? 0 : Outcomes.percentile(ackLatencies, 99), stats);

			assertThat(lost).as("acknowledged events missing from the topic").isEmpty();
			assertThat(duplicates).as("duplicate ce_id in the topic").isZero();
			assertThat(writtenThoughNotWritten).as("events failed as not written that are in the topic").isEmpty();
			assertThat(consumed.size()).isEqualTo(acknowledged.size() + writtenAfterFailing.size());
			assertThat(stats.accepted()).isEqualTo(all.size());
			assertThat(stats.rejected()).isZero();
			assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
			assertThat(stats.pending()).isZero();
			assertThat(stats.succeeded()).isEqualTo(acknowledged.size());
			// publish() never waits on Kafka: only the dispatcher entered its client, whose send() may block.
			assertThat(SendingThreadsInterceptor.threads).as("threads that called KafkaProducer.send()")
				.containsExactly("domain-events-dispatcher");
			return verdict;
		}

	}

}
