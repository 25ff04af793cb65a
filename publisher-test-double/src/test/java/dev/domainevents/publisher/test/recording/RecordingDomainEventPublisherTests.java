/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What {@link RecordingDomainEventPublisher} records and how it completes futures.
 */
class RecordingDomainEventPublisherTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private final RecordingDomainEventPublisher publisher = new RecordingDomainEventPublisher(
			Clock.fixed(NOW, ZoneOffset.UTC));

	record OrderPlaced(String orderId) {
	}

	record OrderPaid(String orderId) {
	}

	@Test
	void eachCallIsRecordedInOrderWithWhatWasGivenAndWhatWasResolved() {
		this.publisher.publish(new OrderPlaced("o-1"));
		this.publisher.publish("orders", "c-42", new OrderPaid("o-1"), Map.of("tenant", "t-1"));
		EventMessage fixed = EventMessage.of(new OrderPlaced("o-2")).withEventType("order.placed").withEventId("id-7");
		this.publisher.publish(fixed);

		List<Publication> publications = this.publisher.publications();
		assertThat(publications).extracting(Publication::sequence).containsExactly(0, 1, 2);
		assertThat(publications.get(0).message()).isEqualTo(EventMessage.of(new OrderPlaced("o-1")));
		assertThat(publications.get(0)).satisfies((first) -> {
			assertThat(first.eventId()).isEqualTo("event-1");
			assertThat(first.topic()).isEqualTo(RecordingDomainEventPublisher.DEFAULT_TOPIC);
			assertThat(first.key()).isNull();
			assertThat(first.headers()).isEmpty();
			assertThat(first.eventType()).isEqualTo(OrderPlaced.class.getName());
		});
		assertThat(publications.get(1)).satisfies((second) -> {
			assertThat(second.eventId()).isEqualTo("event-2");
			assertThat(second.topic()).isEqualTo("orders");
			assertThat(second.key()).isEqualTo("c-42");
			assertThat(second.headers()).containsExactly(Map.entry("tenant", "t-1"));
		});
		assertThat(publications.get(2).message()).isSameAs(fixed);
		assertThat(publications.get(2).eventId()).isEqualTo("id-7");
		assertThat(publications.get(2).eventType()).isEqualTo("order.placed");
		assertThat(this.publisher.events()).containsExactly(new OrderPlaced("o-1"), new OrderPaid("o-1"),
				new OrderPlaced("o-2"));
		assertThat(this.publisher.events(OrderPlaced.class)).containsExactly(new OrderPlaced("o-1"),
				new OrderPlaced("o-2"));
	}

	@Test
	void anEventMessageGivenAsAnEventIsPublishedAsTheMessage() {
		this.publisher.publish((Object) EventMessage.of(new OrderPlaced("o-1")).withTopic("orders"));

		assertThat(this.publisher.publications()).singleElement()
			.satisfies((publication) -> assertThat(publication.topic()).isEqualTo("orders"));
	}

	@Test
	void byDefaultEachEventSucceedsAtOnceOnPartition0WithIncreasingOffsetsPerTopic() {
		PublishReceipt first = this.publisher.publish(new OrderPlaced("o-1")).getNow(null);
		PublishReceipt second = this.publisher.publish(new OrderPlaced("o-2")).getNow(null);
		PublishReceipt other = this.publisher.publish(EventMessage.of(new OrderPaid("o-1")).withTopic("payments"))
			.getNow(null);

		assertThat(first).isEqualTo(new PublishReceipt("event-1", "domain-events", 0, 0, NOW));
		assertThat(second).isEqualTo(new PublishReceipt("event-2", "domain-events", 0, 1, NOW));
		assertThat(other).isEqualTo(new PublishReceipt("event-3", "payments", 0, 0, NOW));
		assertThat(first.isPublished()).isTrue();
	}

	@Test
	void theDefaultTopicCanBeSet() {
		this.publisher.defaultTopic("orders").publish(new OrderPlaced("o-1"));

		assertThat(this.publisher.publications().get(0).topic()).isEqualTo("orders");
	}

	@Test
	void aFailureCarriesTheReasonItsImpliedFlagsAndTheResolvedMessage() {
		this.publisher.whenTopic("orders").thenFail(FailureReason.DELIVERY_TIMEOUT);

		CompletableFuture<PublishReceipt> future = this.publisher.publish("orders", "c-42", new OrderPlaced("o-1"),
				Map.of());

		PublicationFailedException failure = failureOf(future);
		assertThat(failure.getReason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(failure.isRetriable()).isTrue();
		assertThat(failure.isPossiblyWritten()).isTrue();
		assertThat(failure.getEvent()).isEqualTo(new OrderPlaced("o-1"));
		assertThat(failure.getEventId()).isEqualTo("event-1");
		assertThat(failure.getTopic()).isEqualTo("orders");
		assertThat(failure.getKey()).isEqualTo("c-42");
		assertThat(failure.getEventType()).isEqualTo(OrderPlaced.class.getName());
	}

	@Test
	void theReasonsImplyTheFlagsOfTheRealPublisher() {
		assertThat(failureOf(publishWith(Answer.fail(FailureReason.RECORD_TOO_LARGE))))
			.satisfies((failure) -> assertThat(failure.isRetriable()).isFalse())
			.satisfies((failure) -> assertThat(failure.isPossiblyWritten()).isFalse());
		assertThat(failureOf(publishWith(Answer.fail(FailureReason.QUEUE_FULL))))
			.satisfies((failure) -> assertThat(failure.isRetriable()).isTrue())
			.satisfies((failure) -> assertThat(failure.isPossiblyWritten()).isFalse());
	}

	@Test
	void theFlagsCanBeOverridden() {
		PublicationFailedException failure = failureOf(
				publishWith(Answer.fail(FailureReason.DELIVERY_TIMEOUT, false, false)));

		assertThat(failure.isRetriable()).isFalse();
		assertThat(failure.isPossiblyWritten()).isFalse();
	}

	@Test
	void aNullEventFailsAsInvalidAndIsRecorded() {
		PublicationFailedException failure = failureOf(this.publisher.publish((Object) null));

		assertThat(failure.getReason()).isEqualTo(FailureReason.INVALID_EVENT);
		assertThat(failure.isRetriable()).isFalse();
		assertThat(this.publisher.publications()).hasSize(1);
	}

	@Test
	void aJournaledAnswerGivesAJournaledReceiptWithIncreasingPositions() {
		this.publisher.answerByDefault(Answer.journal());

		PublishReceipt first = this.publisher.publish(new OrderPlaced("o-1")).join();
		PublishReceipt second = this.publisher.publish(new OrderPlaced("o-2")).join();

		assertThat(first.isPublished()).isFalse();
		assertThat(first.isJournaled()).isTrue();
		assertThat(first).isEqualTo(PublishReceipt.journaled("event-1", "domain-events", 0, NOW));
		assertThat(second.journalPosition()).isEqualTo(1);
	}

	@Test
	void aRuleForATypeAppliesToItsEventsOnly() {
		this.publisher.whenType(OrderPaid.class).thenFail(FailureReason.AUTHORIZATION);

		assertThat(this.publisher.publish(new OrderPlaced("o-1"))).isCompleted();
		assertThat(failureOf(this.publisher.publish(new OrderPaid("o-1"))).getReason())
			.isEqualTo(FailureReason.AUTHORIZATION);
	}

	@Test
	void aRuleForAPredicateAppliesToTheCallsItAccepts() {
		this.publisher.when((publication) -> "c-13".equals(publication.key())).thenFail(FailureReason.SERIALIZATION);

		assertThat(this.publisher.publish("orders", "c-12", new OrderPlaced("o-1"), Map.of())).isCompleted();
		assertThat(failureOf(this.publisher.publish("orders", "c-13", new OrderPlaced("o-2"), Map.of())).getReason())
			.isEqualTo(FailureReason.SERIALIZATION);
	}

	@Test
	void aRuleForTheNextCallsAnswersThatManyCallsOnly() {
		this.publisher.forNext(2).thenFail(FailureReason.QUEUE_FULL);

		assertThat(this.publisher.publish(new OrderPlaced("o-1"))).isCompletedExceptionally();
		assertThat(this.publisher.publish(new OrderPlaced("o-2"))).isCompletedExceptionally();
		assertThat(this.publisher.publish(new OrderPlaced("o-3"))).isCompletedWithValueMatching(
				PublishReceipt::isPublished);
	}

	@Test
	void theRuleSetUpLastIsAskedFirst() {
		this.publisher.whenType(OrderPlaced.class).thenFail(FailureReason.AUTHORIZATION);
		this.publisher.forNext(1).thenAnswer(Answer.journal());

		assertThat(this.publisher.publish(new OrderPlaced("o-1")).join().isJournaled()).isTrue();
		assertThat(failureOf(this.publisher.publish(new OrderPlaced("o-2"))).getReason())
			.isEqualTo(FailureReason.AUTHORIZATION);
	}

	@Test
	void aRuleMustAnswerAtLeastOneCall() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.forNext(0));
	}

	@Test
	void aDelayedAnswerCompletesAfterTheDelay() {
		this.publisher.answerByDefault(Answer.succeed().after(Duration.ofMillis(200)));

		long start = System.nanoTime();
		CompletableFuture<PublishReceipt> future = this.publisher.publish(new OrderPlaced("o-1"));

		assertThat(future).isNotDone();
		assertThat(future.join().isPublished()).isTrue();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
	}

	@Test
	void aDelayedFailureFailsAfterTheDelay() {
		CompletableFuture<PublishReceipt> future = publishWith(
				Answer.fail(FailureReason.TOPIC_UNAVAILABLE).after(Duration.ofMillis(50)));

		await().atMost(Duration.ofSeconds(5)).until(future::isDone);
		assertThat(failureOf(future).getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
	}

	@Test
	void heldFuturesCompleteOnlyWhenReleasedOldestFirst() {
		this.publisher.forNext(2).thenAnswer(Answer.succeed().held());

		CompletableFuture<PublishReceipt> first = this.publisher.publish(new OrderPlaced("o-1"));
		CompletableFuture<PublishReceipt> second = this.publisher.publish(new OrderPlaced("o-2"));
		CompletableFuture<PublishReceipt> third = this.publisher.publish(new OrderPlaced("o-3"));

		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		assertThat(third).isCompleted();
		assertThat(this.publisher.heldCount()).isEqualTo(2);
		assertThat(this.publisher.release()).isTrue();
		assertThat(first.join().eventId()).isEqualTo("event-1");
		assertThat(second).isNotDone();
		assertThat(this.publisher.releaseAll()).isEqualTo(1);
		assertThat(second).isCompleted();
		assertThat(this.publisher.release()).isFalse();
	}

	@Test
	void aHeldFailureFailsWhenReleased() {
		CompletableFuture<PublishReceipt> future = publishWith(Answer.fail(FailureReason.PRODUCER_CLOSED).held());

		assertThat(future).isNotDone();
		this.publisher.releaseAll();
		assertThat(failureOf(future).isPossiblyWritten()).isTrue();
	}

	@Test
	void resetForgetsCallsRulesHeldFuturesAndOffsets() {
		this.publisher.defaultTopic("orders").forNext(1).thenAnswer(Answer.succeed().held());
		this.publisher.whenType(OrderPlaced.class).thenFail(FailureReason.OTHER);
		this.publisher.publish(new OrderPlaced("o-1"));
		this.publisher.publish(new OrderPaid("o-1"));

		this.publisher.reset();

		assertThat(this.publisher.publications()).isEmpty();
		assertThat(this.publisher.heldCount()).isZero();
		assertThat(this.publisher.publish(new OrderPlaced("o-2")).join())
			.isEqualTo(new PublishReceipt("event-1", "domain-events", 0, 0, NOW));
	}

	@Test
	void publishAllPublishesEachEventThroughTheDouble() throws Exception {
		this.publisher.whenType(OrderPaid.class).thenFail(FailureReason.RECORD_TOO_LARGE);
		List<PublishOutcome<Object>> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		try (SubmissionPublisher<Object> source = new SubmissionPublisher<>()) {
			this.publisher.publishAll(source).subscribe(new java.util.concurrent.Flow.Subscriber<>() {

				@Override
				public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
					subscription.request(Long.MAX_VALUE);
				}

				@Override
				public void onNext(PublishOutcome<Object> item) {
					outcomes.add(item);
				}

				@Override
				public void onError(Throwable throwable) {
					done.completeExceptionally(throwable);
				}

				@Override
				public void onComplete() {
					done.complete(null);
				}

			});
			source.submit(new OrderPlaced("o-1"));
			source.submit(new OrderPaid("o-1"));
		}
		done.get(10, TimeUnit.SECONDS);

		assertThat(outcomes).hasSize(2);
		assertThat(this.publisher.events()).containsExactly(new OrderPlaced("o-1"), new OrderPaid("o-1"));
	}

	private CompletableFuture<PublishReceipt> publishWith(Answer answer) {
		this.publisher.forNext(1).thenAnswer(answer);
		return this.publisher.publish(new OrderPlaced("o-1"));
	}

	private static PublicationFailedException failureOf(CompletableFuture<PublishReceipt> future) {
		Throwable thrown = catchThrowable(future::join);
		return PublicationFailedException.from(thrown)
			.orElseThrow(() -> new AssertionError("Expected a publication failure, got " + thrown));
	}

}
