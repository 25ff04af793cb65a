/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of {@link DomainEventPublisher#publishAll} beyond the TCK's rules: order, backoff, errors,
 * cancellation and room, with a publisher whose futures the test completes.
 */
class OutcomeStreamTests {

	private final ManualPublisher publisher = new ManualPublisher();

	private final Collector collector = new Collector();

	@Test
	void outcomesComeInAcceptanceOrderByDefaultAndFailuresAreValues() {
		RangeSource source = new RangeSource(3);
		this.publisher.publishAll(source).subscribe(this.collector);
		this.collector.request(10);

		this.publisher.succeed(2);
		this.publisher.fail(1, FailureReason.SERIALIZATION, false);
		assertThat(this.collector.outcomes).as("waiting for event 0").isEmpty();
		this.publisher.succeed(0);

		assertThat(this.collector.outcomes).extracting(PublishOutcome::sequence).containsExactly(0L, 1L, 2L);
		assertThat(this.collector.outcomes).extracting(PublishOutcome::isSuccess).containsExactly(true, false, true);
		assertThat(this.collector.outcomes.get(1).failure().getReason()).isEqualTo(FailureReason.SERIALIZATION);
		assertThat(this.collector.completed).as("completes normally although an event failed").isTrue();
	}

	@Test
	void completionOrderEmitsEachOutcomeAsItArrives() {
		this.publisher.publishAll(new RangeSource(3), PublishAllOptions.defaults()
			.withOrder(PublishAllOptions.Order.COMPLETION)).subscribe(this.collector);
		this.collector.request(10);

		this.publisher.succeed(2);
		this.publisher.succeed(0);
		this.publisher.succeed(1);

		assertThat(this.collector.outcomes).extracting(PublishOutcome::sequence).containsExactly(2L, 0L, 1L);
	}

	@Test
	void theSourceIsPulledNoFurtherThanTheBoundOfOutstandingEventsAndTheSubscribersDemand() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(8))
			.subscribe(this.collector);

		this.collector.request(5);
		assertThat(source.requested.get()).as("the subscriber's demand").isEqualTo(5);
		this.collector.request(100);
		assertThat(source.requested.get()).as("the bound of outstanding events").isEqualTo(8);

		// While nothing completes (Kafka does not answer), nothing more is pulled.
		assertThat(source.emitted.get()).isEqualTo(8);
		this.publisher.succeedAll();
		assertThat(this.collector.outcomes).hasSizeGreaterThanOrEqualTo(8);
		assertThat(source.requested.get()).isGreaterThan(8);
	}

	@Test
	void aRetriableFailureStopsThePullingForABackoffThenOneEventProbes() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source, PublishAllOptions.defaults()
			.withMaxOutstanding(4)
			.withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))).subscribe(this.collector);
		this.collector.request(Long.MAX_VALUE);
		assertThat(source.requested.get()).isEqualTo(4);

		this.publisher.fail(0, FailureReason.DELIVERY_TIMEOUT, true);
		this.publisher.succeed(1);
		this.publisher.succeed(2);
		this.publisher.succeed(3);
		assertThat(source.requested.get()).as("nothing pulled during the backoff").isEqualTo(4);

		await().atMost(Duration.ofSeconds(2)).until(() -> source.requested.get() == 5);
		assertThat(source.requested.get()).as("one probe").isEqualTo(5);
		this.publisher.succeed(4);
		await().atMost(Duration.ofSeconds(2)).until(() -> source.requested.get() > 5);
		assertThat(source.requested.get()).as("the window reopens after the probe succeeded").isGreaterThanOrEqualTo(8);
	}

	@Test
	void aNonRetriableFailureDoesNotSlowTheStream() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(4))
			.subscribe(this.collector);
		this.collector.request(Long.MAX_VALUE);

		this.publisher.fail(0, FailureReason.RECORD_TOO_LARGE, false);
		this.publisher.succeed(1);
		this.publisher.succeed(2);
		this.publisher.succeed(3);

		assertThat(source.requested.get()).isGreaterThanOrEqualTo(8);
	}

	@Test
	void aJournaledEventIsASuccessAndDoesNotSlowTheStream() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(4))
			.subscribe(this.collector);
		this.collector.request(Long.MAX_VALUE);

		for (int i = 0; i < 4; i++) {
			this.publisher.futures.get((long) i).complete(PublishReceipt.journaled(String.valueOf(i), "orders", i,
					Instant.EPOCH));
		}

		assertThat(this.collector.outcomes).allMatch(PublishOutcome::isJournaled);
		assertThat(source.requested.get()).isGreaterThanOrEqualTo(8);
	}

	@Test
	void theSourcesErrorComesAfterTheOutcomesOfTheEventsAcceptedBeforeIt() {
		AtomicReference<Flow.Subscriber<? super Integer>> sourceSubscriber = new AtomicReference<>();
		Flow.Publisher<Integer> source = (subscriber) -> {
			sourceSubscriber.set(subscriber);
			subscriber.onSubscribe(new NoOpSubscription());
		};
		this.publisher.publishAll(source).subscribe(this.collector);
		this.collector.request(10);
		sourceSubscriber.get().onNext(0);
		sourceSubscriber.get().onError(new IllegalStateException("the file is gone"));
		assertThat(this.collector.error).as("not before the outcome of event 0").isNull();

		this.publisher.succeed(0);

		assertThat(this.collector.outcomes).hasSize(1);
		assertThat(this.collector.error).hasMessage("the file is gone");
	}

	@Test
	void cancellingTheOutcomesCancelsTheSourceAtOnce() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source).subscribe(this.collector);
		this.collector.request(10);

		this.collector.subscription.cancel();

		assertThat(source.cancels.get()).isOne();
		this.publisher.succeedAll();
		assertThat(this.collector.outcomes).as("nothing after the cancel").isEmpty();
		assertThat(this.publisher.futures).as("the accepted events still complete").allSatisfy(
				(sequence, future) -> assertThat(future).isDone());
	}

	@Test
	void aClosingPublisherEndsTheStreamWithAnErrorAfterTheOutcomes() {
		RangeSource source = new RangeSource(1_000);
		this.publisher.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(2))
			.subscribe(this.collector);
		this.collector.request(10);

		this.publisher.succeed(0);
		this.publisher.fail(1, FailureReason.SHUTTING_DOWN, false);
		assertThat(source.cancels.get()).as("no more events are pulled").isOne();
		long accepted = this.publisher.futures.size();
		assertThat(this.collector.error).as("not before the outcomes of every accepted event").isNull();
		this.publisher.futures.forEach((event, future) -> future.completeExceptionally(new PublicationFailedException(
				FailureReason.SHUTTING_DOWN, null, null, EventMessage.of(event), true, false)));

		assertThat(this.collector.outcomes).hasSize((int) accepted);
		assertThat(this.collector.error).isInstanceOf(IllegalStateException.class).hasMessageContaining("closing");
	}

	@Test
	void aNullElementOrAZeroRequestIsABreachOfTheRulesAndAnError() {
		AtomicReference<Flow.Subscriber<? super Integer>> sourceSubscriber = new AtomicReference<>();
		Flow.Publisher<Integer> source = (subscriber) -> {
			sourceSubscriber.set(subscriber);
			subscriber.onSubscribe(new NoOpSubscription());
		};
		this.publisher.publishAll(source).subscribe(this.collector);
		this.collector.request(1);
		sourceSubscriber.get().onNext(null);
		assertThat(this.collector.error).isInstanceOf(NullPointerException.class);

		Collector other = new Collector();
		this.publisher.publishAll(new RangeSource(3)).subscribe(other);
		other.request(0);
		assertThat(other.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
	}

	@Test
	void aPublisherThatTellsItsRoomIsNeverOfferedMoreThanItsQueueHolds() {
		RoomyPublisher roomy = new RoomyPublisher(16);
		RangeSource source = new RangeSource(1_000);
		roomy.publishAll(source, PublishAllOptions.defaults().withMaxOutstanding(256)).subscribe(this.collector);
		this.collector.request(Long.MAX_VALUE);

		// 16 events of room, an eighth of it left to publish() callers.
		assertThat(source.requested.get()).isEqualTo(14);
	}

	/** A publisher whose futures the test completes, by the event's number. */
	static class ManualPublisher implements DomainEventPublisher {

		final Map<Long, CompletableFuture<PublishReceipt>> futures = new ConcurrentHashMap<>();

		@Override
		public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
			CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
			this.futures.put(((Integer) event).longValue(), future);
			return future;
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(EventMessage message) {
			return publish(message.event());
		}

		void succeed(long event) {
			this.futures.get(event).complete(new PublishReceipt("id-" + event, "orders", 0, event, Instant.EPOCH));
		}

		void succeedAll() {
			this.futures.keySet().stream().sorted().toList().forEach(this::succeed);
		}

		void fail(long event, FailureReason reason, boolean retriable) {
			this.futures.get(event).completeExceptionally(new PublicationFailedException(reason, null, null,
					EventMessage.of(event), retriable, false));
		}

	}

	/** A publisher that tells the room in its queue, and never completes anything. */
	static final class RoomyPublisher extends ManualPublisher implements PublisherInspection {

		private final int bound;

		RoomyPublisher(int bound) {
			this.bound = bound;
		}

		@Override
		public PublisherStats stats() {
			long held = this.futures.values().stream().filter((future) -> !future.isDone()).count();
			return new PublisherStats(held, 0, 0, held, 0, held, 0, 0, 0, held, 0);
		}

		@Override
		public long failedCount(FailureReason reason, boolean possiblyWritten) {
			return 0;
		}

		@Override
		public long rejectedCount(FailureReason reason) {
			return 0;
		}

		@Override
		public Duration oldestPendingAge() {
			return Duration.ZERO;
		}

		@Override
		public List<RecentFailure> recentFailures() {
			return List.of();
		}

		@Override
		public @Nullable Instant lastSuccess() {
			return null;
		}

		@Override
		public @Nullable Instant lastFailure() {
			return null;
		}

		@Override
		public @Nullable FailureReason lastFailureReason() {
			return null;
		}

		@Override
		public @Nullable String threadProblem() {
			return null;
		}

		@Override
		public Configuration configuration() {
			return new Configuration(this.bound, 1 << 20, 0.25, 1 << 20, OverflowPolicy.REJECT, Duration.ZERO,
					Duration.ofSeconds(1), Duration.ZERO, "/test", Map.of());
		}

	}

	static final class Collector implements Flow.Subscriber<PublishOutcome<Integer>> {

		final List<PublishOutcome<Integer>> outcomes = new CopyOnWriteArrayList<>();

		volatile Flow.@Nullable Subscription subscription;

		volatile @Nullable Throwable error;

		volatile boolean completed;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(PublishOutcome<Integer> item) {
			this.outcomes.add(item);
		}

		@Override
		public void onError(Throwable throwable) {
			this.error = throwable;
		}

		@Override
		public void onComplete() {
			this.completed = true;
		}

		void request(long n) {
			this.subscription.request(n);
		}

	}

	static final class NoOpSubscription implements Flow.Subscription {

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
		}

	}

}
