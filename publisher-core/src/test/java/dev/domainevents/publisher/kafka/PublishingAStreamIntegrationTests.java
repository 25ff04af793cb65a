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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code publishAll} on a real broker: every event of a stream reaches the topic, its outcomes in acceptance order;
 * while the broker is paused, the source is pulled no further than the stream's bound; and the stream's throughput
 * beside {@code publish()} in a loop.
 */
@WithKafkaBroker(dedicated = true)
class PublishingAStreamIntegrationTests {

	private final ProcessKafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingAStreamIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker).topicPerTest("stream", 3);
	}

	@AfterEach
	void resumeTheBroker() {
		if (this.broker.isPaused()) {
			this.broker.resume();
		}
	}

	@Test
	void everyEventOfAStreamReachesTheTopicWithItsOutcomeInAcceptanceOrderAsFastAsPublishInALoop() throws Exception {
		// Room for the whole loop: a tight loop of publish() calls would otherwise meet QUEUE_FULL, which the
		// stream never does, and the comparison would be of different work.
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> builder.maxQueuedEvents(40_000)
			.maxQueuedBytes(64L * 1024 * 1024));
		String topic = this.fixture.topic();
		publisher.publish(topic, "warm-up", "warm-up", Map.of()).get(30, TimeUnit.SECONDS);
		int count = 20_000;

		long loopStart = System.nanoTime();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			futures.add(publisher.publish(EventMessage.of("loop-" + i).withTopic(topic).withKey("k" + (i % 10))));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		long loopNanos = System.nanoTime() - loopStart;

		Collector collector = new Collector();
		long streamStart = System.nanoTime();
		publisher.publishAll(new Counting(count, (i) -> EventMessage.of("stream-" + i).withTopic(topic)
			.withKey("k" + (i % 10)))).subscribe(collector);
		await().atMost(Duration.ofSeconds(60)).until(() -> collector.completed);
		long streamNanos = System.nanoTime() - streamStart;

		assertThat(collector.outcomes).hasSize(count).allMatch(PublishOutcome::isPublished);
		assertThat(collector.outcomes).extracting(PublishOutcome::sequence).isSorted();
		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume(topic, 2 * count + 1, Duration.ofSeconds(60));
		assertThat(records).hasSize(2 * count + 1);
		double loopRate = count / (loopNanos / 1e9);
		double streamRate = count / (streamNanos / 1e9);
		System.out.printf("[stream] %d events: publishAll %.0f events/s, publish() in a loop %.0f events/s (%.2f x)%n",
				count, streamRate, loopRate, streamRate / loopRate);
	}

	@Test
	void whileTheBrokerIsPausedTheSourceIsPulledNoFurtherThanTheStreamsBound() throws Exception {
		KafkaDomainEventPublisher publisher = this.fixture.publisher((builder) -> builder
			.deliveryTimeout(Duration.ofSeconds(30))
			.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000));
		String topic = this.fixture.topic();
		publisher.publish(topic, "warm-up", "warm-up", Map.of()).get(30, TimeUnit.SECONDS);
		int bound = 100;
		Counting source = new Counting(10_000, (i) -> EventMessage.of("event-" + i).withTopic(topic));
		Collector collector = new Collector();

		this.broker.pause();
		publisher.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(bound)).subscribe(collector);
		long pulledAtOnce = source.emitted.get();
		// Throughout the pause, the source is pulled no further than the bound.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
			.until(() -> source.emitted.get() <= bound);
		long pulledDuringThePause = source.emitted.get();
		this.broker.resume();
		await().atMost(Duration.ofSeconds(90)).until(() -> collector.completed);

		System.out.printf("[stream] broker paused: %d pulled at once, %d after 2 s (bound %d); then all %d published%n",
				pulledAtOnce, pulledDuringThePause, bound, collector.outcomes.size());
		assertThat(pulledDuringThePause).isLessThanOrEqualTo(bound);
		assertThat(collector.outcomes).hasSize(10_000).allMatch(PublishOutcome::isSuccess);
	}

	/** Emits {@code count} messages as requested, on the requesting thread. */
	static final class Counting implements Flow.Publisher<EventMessage> {

		private final int count;

		private final java.util.function.IntFunction<EventMessage> message;

		final AtomicLong emitted = new AtomicLong();

		Counting(int count, java.util.function.IntFunction<EventMessage> message) {
			this.count = count;
			this.message = message;
		}

		@Override
		public void subscribe(Flow.Subscriber<? super EventMessage> subscriber) {
			AtomicLong demand = new AtomicLong();
			java.util.concurrent.atomic.AtomicInteger wip = new java.util.concurrent.atomic.AtomicInteger();
			subscriber.onSubscribe(new Flow.Subscription() {

				private int next;

				private boolean done;

				@Override
				public void request(long n) {
					demand.getAndAccumulate(n, (a, b) -> (a + b < 0) ? Long.MAX_VALUE : a + b);
					if (wip.getAndIncrement() != 0) {
						return;
					}
					int missed = 1;
					for (;;) {
						while (!this.done && demand.get() > 0 && this.next < Counting.this.count) {
							demand.decrementAndGet();
							Counting.this.emitted.incrementAndGet();
							subscriber.onNext(Counting.this.message.apply(this.next++));
						}
						if (!this.done && this.next == Counting.this.count) {
							this.done = true;
							subscriber.onComplete();
						}
						missed = wip.addAndGet(-missed);
						if (missed == 0) {
							return;
						}
					}
				}

				@Override
				public void cancel() {
					this.done = true;
				}

			});
		}

	}

	static final class Collector implements Flow.Subscriber<PublishOutcome<EventMessage>> {

		final List<PublishOutcome<EventMessage>> outcomes = new CopyOnWriteArrayList<>();

		volatile boolean completed;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(PublishOutcome<EventMessage> item) {
			this.outcomes.add(item);
		}

		@Override
		public void onError(Throwable throwable) {
			throw new AssertionError(throwable);
		}

		@Override
		public void onComplete() {
			this.completed = true;
		}

	}

}
