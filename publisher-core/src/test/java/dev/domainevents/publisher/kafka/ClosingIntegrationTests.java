/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code close(timeout)} always finishes, on a paused broker: within its timeout and a small constant, with no future
 * left pending, even when callbacks block every completion thread or the closing thread is interrupted.
 */
@WithKafkaBroker(dedicated = true)
class ClosingIntegrationTests {

	private static final long GRACE_MILLIS = KafkaDomainEventPublisher.CLOSE_GRACE_MILLIS;

	private final KafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	private final CountDownLatch releaseCallbacks = new CountDownLatch(1);

	ClosingIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("closing", 3)
			.defaults((builder) -> builder.producerProperty("request.timeout.ms", 2000))
			.routingOrdersToTheTopic(null);
	}

	// Runs before the fixture closes the publishers: their close must not wait on a paused broker or a callback.
	@AfterEach
	void releaseCallbacksAndResume() {
		this.releaseCallbacks.countDown();
		this.broker.resume();
	}

	@Test
	void closeCompletesEveryFutureInTimeWhileCallbacksBlockTheCompletionThreads() throws Exception {
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> {
		});
		// Eight callbacks block until after close() returned: more than the completion pool has threads, so that
		// every one of its threads is blocked and the completions behind them wait.
		Thread testThread = Thread.currentThread();
		AtomicLong blockedCallbacks = new AtomicLong();
		for (int i = 0; i < 8; i++) {
			CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("blocking", i));
			future.whenComplete((receipt, error) -> {
				if (Thread.currentThread() != testThread) {
					blockedCallbacks.incrementAndGet();
					awaitQuietly(this.releaseCallbacks);
				}
			});
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> blockedCallbacks.get() >= 2);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> pending = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			pending.add(publisher.publish(OrderPlaced.of("c" + (i % 10), i)));
		}

		long start = System.nanoTime();
		publisher.close(Duration.ofSeconds(2));
		long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		System.out.println("close(2 s) with every completion thread blocked in a callback took " + closeMillis + " ms");
		assertThat(closeMillis).isLessThanOrEqualTo(2_000 + GRACE_MILLIS + 200);
		assertThat(pending).allSatisfy((future) -> assertThat(Outcomes.failureOf(future).getReason())
			.isEqualTo(FailureReason.SHUTTING_DOWN));
		PublisherStats stats = publisher.stats();
		assertThat(stats.pending()).isZero();
		assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed());
	}

	@Test
	void anInterruptedCloseFinishesAtOnceKeepsTheInterruptAndASecondCloseReleasesEverything() throws Exception {
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> {
		});
		publisher.publish(OrderPlaced.of("warm-up", 0)).get(30, TimeUnit.SECONDS);
		this.broker.pause();
		List<CompletableFuture<PublishReceipt>> pending = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			pending.add(publisher.publish(OrderPlaced.of("c" + (i % 10), i)));
		}
		AtomicLong returnedAfterInterrupt = new AtomicLong(-1);
		AtomicLong interruptedAt = new AtomicLong();
		AtomicBoolean interruptKept = new AtomicBoolean();
		Thread closing = new Thread(() -> {
			publisher.close(Duration.ofSeconds(30));
			returnedAfterInterrupt.set(System.nanoTime() - interruptedAt.get());
			interruptKept.set(Thread.currentThread().isInterrupted());
		});
		closing.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> closing.getState() == Thread.State.TIMED_WAITING);
		interruptedAt.set(System.nanoTime());
		closing.interrupt();
		closing.join(TimeUnit.SECONDS.toMillis(10));

		long afterInterruptMillis = TimeUnit.NANOSECONDS.toMillis(returnedAfterInterrupt.get());
		System.out.println("close(30 s) returned " + afterInterruptMillis + " ms after its thread was interrupted");
		assertThat(closing.isAlive()).isFalse();
		assertThat(afterInterruptMillis).isBetween(0L, GRACE_MILLIS + 1_000);
		assertThat(interruptKept).isTrue();
		assertThat(pending).allSatisfy((future) -> assertThat(Outcomes.failureOf(future).getReason())
			.isEqualTo(FailureReason.SHUTTING_DOWN));

		long start = System.nanoTime();
		publisher.close(Duration.ofSeconds(2));
		System.out.println("a second close() took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
				+ " ms");
		assertThat(publisher.threadsStopped()).isTrue();
		assertThat(publisher.stats().pending()).isZero();
		assertThat(Outcomes.failureOf(publisher.publish(OrderPlaced.of("after", 0))).getReason())
			.isEqualTo(FailureReason.SHUTTING_DOWN);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
