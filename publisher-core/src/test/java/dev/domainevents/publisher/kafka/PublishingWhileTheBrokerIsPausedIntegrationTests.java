/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's bounds, the overflow policies, deadlines and shutdown while the broker is paused ({@code SIGSTOP}):
 * its sockets stay open and nothing answers. Each test resumes the broker before it ends.
 */
@WithKafkaBroker(dedicated = true)
class PublishingWhileTheBrokerIsPausedIntegrationTests {

	private static final Duration TOLERANCE = Duration.ofMillis(750);

	private final KafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingWhileTheBrokerIsPausedIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("paused", 3)
			.defaults((builder) -> builder.producerProperty("request.timeout.ms", 2000)
				.producerProperty("reconnect.backoff.max.ms", 200))
			.routingOrdersToTheTopic(null);
	}

	// Runs before the fixture closes the publishers: their close must not wait on a paused broker.
	@AfterEach
	void resume() {
		this.broker.resume();
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	/**
	 * Publishes until the in-flight window and the queue are both full, so that nothing frees while the broker is
	 * paused, and returns the accepted futures. Events are about 250 bytes; the window holds {@code windowBytes}. The
	 * queue's bounds count every accepted event not yet completed, those in flight included.
	 */
	private List<CompletableFuture<PublishReceipt>> fill(KafkaDomainEventPublisher publisher, int capacity,
			long windowBytes) {
		List<CompletableFuture<PublishReceipt>> accepted = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			while (publisher.stats().heldEvents() < capacity) {
				CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c" + (accepted.size() % 10),
						accepted.size()));
				assertThat(future).isNotCompletedExceptionally();
				accepted.add(future);
			}
			PublisherStats stats = publisher.stats();
			return stats.heldEvents() == capacity && stats.inFlightBytes() > windowBytes - 1024;
		});
		return accepted;
	}

	private void warmUp(KafkaDomainEventPublisher publisher) throws Exception {
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
	}

	@Test
	void withRejectACallOnAFullQueueReturnsAFailedFutureAtOnce() throws Exception {
		SendingThreadsInterceptor.threads.clear();
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(1000)
			.maxInFlightBytes(64 * 1024)
			.producerProperty("interceptor.classes", SendingThreadsInterceptor.class.getName()));
		warmUp(publisher);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> accepted = fill(publisher, 1000, 64 * 1024);

		for (int i = 0; i < 20_000; i++) {
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("late", i));
			// At once: the future is already failed when the call returns; the caller waited for nothing.
			assertThat(future).isCompletedExceptionally();
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.QUEUE_FULL);
			assertThat(failure.isRetriable()).isTrue();
			assertThat(failure.isPossiblyWritten()).isFalse();
			assertThat(failure.getStackTrace()).isEmpty();
		}
		PublisherStats stats = publisher.stats();
		assertThat(stats.rejected()).isEqualTo(20_000);
		assertThat(stats.heldEvents()).isEqualTo(1000);
		// Nor did it enter Kafka's client, whose send() may block for metadata or buffer space.
		assertThat(SendingThreadsInterceptor.threads).as("threads that called KafkaProducer.send()")
			.containsExactly("domain-events-dispatcher");

		this.broker.resume();
		CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		stats = publisher.stats();
		assertThat(stats.succeeded()).isEqualTo(stats.accepted());
		assertThat(stats.pending()).isZero();
	}

	@Test
	void withBlockACallWaitsAtMostTheOverflowTimeoutWhenNothingFrees() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(100)
			.maxInFlightBytes(16 * 1024)
			.overflowPolicy(OverflowPolicy.BLOCK)
			.overflowTimeout(Duration.ofMillis(500)));
		warmUp(publisher);
		this.broker.pause();
		fill(publisher, 100, 16 * 1024);

		List<Long> callNanos = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("late", i));
			callNanos.add(System.nanoTime() - start);
			assertThat(Outcomes.failureOf(future).getReason()).isEqualTo(FailureReason.QUEUE_FULL);
		}
		System.out.println("publish() call time, BLOCK policy (overflow timeout 500 ms), nothing frees: "
				+ Outcomes.micros(callNanos));
		// The documented bound of the BLOCK policy, not a speed figure: a call waits for the overflow timeout, then fails.
		assertThat(callNanos).allSatisfy((nanos) -> assertThat(nanos)
			.isBetween(TimeUnit.MILLISECONDS.toNanos(480), TimeUnit.MILLISECONDS.toNanos(500) + TOLERANCE.toNanos()));
	}

	@Test
	void withBlockAWaitingCallIsAcceptedOnceSpaceFrees() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(100)
			.maxInFlightBytes(16 * 1024)
			.overflowPolicy(OverflowPolicy.BLOCK)
			.overflowTimeout(Duration.ofSeconds(20)));
		warmUp(publisher);
		this.broker.pause();
		fill(publisher, 100, 16 * 1024);
		AtomicReference<CompletableFuture<PublishReceipt>> waiting = new AtomicReference<>();
		AtomicBoolean returned = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			waiting.set(publisher.publish(OrderPlaced.of("waiting", 0)));
			returned.set(true);
		});
		caller.start();
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		assertThat(returned).as("still waiting while the broker is paused").isFalse();

		this.broker.resume();
		caller.join(TimeUnit.SECONDS.toMillis(30));

		// Woken by the room the broker's answers gave back, not by the overflow timeout (20 s), which would have refused it.
		assertThat(caller.isAlive()).as("the caller still waits").isFalse();
		assertThat(returned).isTrue();
		assertThat(waiting.get().get(30, TimeUnit.SECONDS).offset()).isNotNegative();
		assertThat(publisher.stats().rejected()).isZero();
	}

	@Test
	void withBlockAWaitingCallIsWokenByShutdownAndByInterrupt() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(100)
			.maxInFlightBytes(16 * 1024)
			.overflowPolicy(OverflowPolicy.BLOCK)
			.overflowTimeout(Duration.ofSeconds(30)));
		warmUp(publisher);
		this.broker.pause();
		fill(publisher, 100, 16 * 1024);

		AtomicReference<CompletableFuture<PublishReceipt>> interrupted = new AtomicReference<>();
		AtomicBoolean flagRestored = new AtomicBoolean();
		Thread interruptedCaller = new Thread(() -> {
			interrupted.set(publisher.publish(OrderPlaced.of("interrupted", 0)));
			flagRestored.set(Thread.currentThread().isInterrupted());
		});
		interruptedCaller.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> interruptedCaller.getState() == Thread.State.TIMED_WAITING);
		interruptedCaller.interrupt();
		interruptedCaller.join(5000);
		assertThat(Outcomes.failureOf(interrupted.get()).getReason()).isEqualTo(FailureReason.INTERRUPTED);
		assertThat(flagRestored).isTrue();

		AtomicReference<CompletableFuture<PublishReceipt>> atShutdown = new AtomicReference<>();
		Thread shutdownCaller = new Thread(() -> atShutdown.set(publisher.publish(OrderPlaced.of("shutdown", 0))));
		shutdownCaller.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> shutdownCaller.getState() == Thread.State.TIMED_WAITING);
		long closeStart = System.nanoTime();
		publisher.close(Duration.ofSeconds(1));
		shutdownCaller.join(5000);
		// The documented bound of close(timeout), which also wakes a caller blocked for room.
		assertThat(System.nanoTime() - closeStart).isLessThan(TimeUnit.SECONDS.toNanos(1) + TOLERANCE.toNanos() * 4);
		assertThat(Outcomes.failureOf(atShutdown.get()).getReason()).isEqualTo(FailureReason.SHUTTING_DOWN);
		assertThat(publisher.stats().pending()).isZero();
	}

	@Test
	void deadlinesFailQueuedAndInFlightEventsInTimeAndTellWhichMayHaveBeenWritten() throws Exception {
		Duration deliveryTimeout = Duration.ofSeconds(2);
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(deliveryTimeout)
			.maxInFlightBytes(8 * 1024));
		warmUp(publisher);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		List<CompletableFuture<Long>> completedAfter = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			long publishedAt = System.nanoTime();
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c" + (i % 10), i));
			futures.add(future);
			completedAfter.add(future.handle((receipt, error) -> System.nanoTime() - publishedAt));
		}
		List<Long> completionNanos = new ArrayList<>();
		for (CompletableFuture<Long> after : completedAfter) {
			completionNanos.add(after.get(deliveryTimeout.toMillis() * 3, TimeUnit.MILLISECONDS));
		}
		System.out.println("Publish-to-failure time with a 2 s deadline, broker paused: " + Outcomes.micros(completionNanos));
		assertThat(completionNanos).allSatisfy((nanos) -> assertThat(nanos)
			.isBetween(deliveryTimeout.toNanos(), deliveryTimeout.plus(TOLERANCE).toNanos()));
		int notWritten = 0;
		int possiblyWritten = 0;
		for (CompletableFuture<PublishReceipt> future : futures) {
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
			assertThat(failure.isRetriable()).isTrue();
			if (failure.isPossiblyWritten()) {
				possiblyWritten++;
			}
			else {
				notWritten++;
			}
		}
		System.out.println("Deadline failures: " + notWritten + " not written, " + possiblyWritten + " possibly written");
		assertThat(notWritten).isPositive();
		assertThat(possiblyWritten).isPositive();
		PublisherStats stats = publisher.stats();
		assertThat(stats.failed()).isEqualTo(500);
		assertThat(stats.pending()).isZero();
		assertThat(stats.queuedEvents()).isZero();
	}

	@Test
	void closeWithThousandsOfEventsQueuedAcknowledgesThemAllOnAHealthyBroker() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxInFlightBytes(64 * 1024));
		warmUp(publisher);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 8000; i++) {
			futures.add(publisher.publish(OrderPlaced.of("c" + (i % 50), i)));
		}
		this.broker.resume();
		long queuedAtClose = publisher.stats().queuedEvents();
		assertThat(queuedAtClose).isGreaterThanOrEqualTo(5000);

		publisher.close(Duration.ofSeconds(30));

		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
		for (CompletableFuture<PublishReceipt> future : futures) {
			assertThat(future.get().offset()).isNotNegative();
		}
		PublisherStats stats = publisher.stats();
		System.out.println("close() began with " + queuedAtClose + " queued; " + stats);
		assertThat(stats.succeeded()).isEqualTo(8001);
		assertThat(stats.pending()).isZero();
		// 8,000 and the warm-up event.
		assertThat(this.broker.consume(this.fixture.topic(), 8001, Duration.ofSeconds(60))).hasSize(8001);
	}

	@Test
	void closeWithTheBrokerDownFailsEveryFutureWithinItsTimeout() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxInFlightBytes(16 * 1024));
		warmUp(publisher);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			futures.add(publisher.publish(OrderPlaced.of("c" + (i % 50), i)));
		}
		long start = System.nanoTime();
		publisher.close(Duration.ofSeconds(2));
		long closeNanos = System.nanoTime() - start;

		System.out.println("close(2 s) with the broker paused took " + TimeUnit.NANOSECONDS.toMillis(closeNanos) + " ms");
		assertThat(closeNanos).isLessThan(Duration.ofSeconds(2).plus(TOLERANCE).toNanos());
		int possiblyWritten = 0;
		for (CompletableFuture<PublishReceipt> future : futures) {
			assertThat(future).isCompletedExceptionally();
			PublicationFailedException failure = Outcomes.failureOf(future);
			assertThat(failure.getReason()).isEqualTo(FailureReason.SHUTTING_DOWN);
			possiblyWritten += failure.isPossiblyWritten() ? 1 : 0;
		}
		assertThat(possiblyWritten).isPositive().isLessThan(2000);
		assertThat(publisher.stats().pending()).isZero();
		assertThat(Outcomes.failureOf(publisher.publish(OrderPlaced.of("after", 0))).getReason())
			.isEqualTo(FailureReason.SHUTTING_DOWN);
	}

}
