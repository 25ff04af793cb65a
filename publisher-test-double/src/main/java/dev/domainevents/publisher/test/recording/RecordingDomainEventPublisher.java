/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * A {@link DomainEventPublisher} for tests: it records every call in order and completes each future as the test
 * tells it, without Kafka. By default every event succeeds at once with a receipt for partition 0 and the topic's next
 * offset.
 * <pre>{@code
 * RecordingDomainEventPublisher publisher = new RecordingDomainEventPublisher();
 * publisher.whenTopic("payments").thenFail(FailureReason.DELIVERY_TIMEOUT);
 * publisher.forNext(2).thenAnswer(Answer.succeed().held());
 * // ... exercise the code under test, then
 * PublishedEventsAssert.assertThat(publisher).filteredOn("orders").hasPublishedExactly(new OrderPlaced("o-1"));
 * }</pre>
 * What is not fixed on a call is resolved as a publisher without routing would: the topic is the
 * {@linkplain #defaultTopic(String) default topic} ({@value #DEFAULT_TOPIC} unless set), the type is the event's
 * class name, and the event id is {@code event-1}, {@code event-2}, ... in call order. A {@code null} event fails
 * with {@link FailureReason#INVALID_EVENT}, as with the real publisher, and is recorded too.
 * <p>
 * Safe for use from several threads. Completion callbacks run on the calling thread, except for delayed answers.
 *
 * @since 0.1.0
 */
public class RecordingDomainEventPublisher implements DomainEventPublisher {

	/** The topic of an event published without one, unless {@link #defaultTopic(String)} says otherwise. */
	public static final String DEFAULT_TOPIC = "domain-events";

	private final Clock clock;

	private final List<Publication> publications = new ArrayList<>();

	private final Deque<Rule> rules = new ArrayDeque<>();

	private final Deque<Held> held = new ArrayDeque<>();

	private final Map<String, Long> nextOffsets = new HashMap<>();

	private long nextJournalPosition;

	private String defaultTopic = DEFAULT_TOPIC;

	private Answer defaultAnswer = Answer.succeed();

	/** Creates a recording publisher whose receipts carry the system clock's time. */
	public RecordingDomainEventPublisher() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates a recording publisher whose receipts carry the given clock's time.
	 * @param clock the clock
	 */
	public RecordingDomainEventPublisher(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
		return publish((event instanceof EventMessage message) ? message : EventMessage.of(event));
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(EventMessage message) {
		CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
		Publication publication;
		Answer answer;
		synchronized (this) {
			int sequence = this.publications.size();
			Object event = message.event();
			String eventType = (message.eventType() != null) ? message.eventType()
					: (event != null) ? event.getClass().getName() : null;
			publication = new Publication(sequence, message,
					(message.eventId() != null) ? message.eventId() : "event-" + (sequence + 1),
					(message.topic() != null) ? message.topic() : this.defaultTopic, message.key(), message.headers(),
					eventType, future);
			this.publications.add(publication);
			answer = (event != null) ? answerFor(publication) : Answer.fail(FailureReason.INVALID_EVENT);
			if (answer.isHeld()) {
				this.held.add(new Held(publication, answer));
				return future;
			}
		}
		complete(publication, answer);
		return future;
	}

	/**
	 * Sets the topic of events published without one.
	 * @param topic the topic
	 * @return this publisher
	 */
	public synchronized RecordingDomainEventPublisher defaultTopic(String topic) {
		this.defaultTopic = Objects.requireNonNull(topic, "topic");
		return this;
	}

	/**
	 * Sets how every call is answered that no rule matches; {@link Answer#succeed()} unless set.
	 * @param answer the answer
	 * @return this publisher
	 */
	public synchronized RecordingDomainEventPublisher answerByDefault(Answer answer) {
		this.defaultAnswer = Objects.requireNonNull(answer, "answer");
		return this;
	}

	/**
	 * Starts a rule for the calls that go to a topic (given or the default one).
	 * @param topic the topic
	 * @return the rule, to be finished with {@code thenAnswer} or {@code thenFail}
	 */
	public Stubbing whenTopic(String topic) {
		return when((publication) -> publication.topic().equals(topic));
	}

	/**
	 * Starts a rule for the calls whose event is an instance of a type.
	 * @param type the type
	 * @return the rule, to be finished with {@code thenAnswer} or {@code thenFail}
	 */
	public Stubbing whenType(Class<?> type) {
		return when((publication) -> type.isInstance(publication.event()));
	}

	/**
	 * Starts a rule for the calls a predicate accepts.
	 * @param condition the condition
	 * @return the rule, to be finished with {@code thenAnswer} or {@code thenFail}
	 */
	public Stubbing when(Predicate<? super Publication> condition) {
		return new Stubbing(Objects.requireNonNull(condition, "condition"), Integer.MAX_VALUE);
	}

	/**
	 * Starts a rule for the next calls, whatever their events.
	 * @param calls how many calls
	 * @return the rule, to be finished with {@code thenAnswer} or {@code thenFail}
	 */
	public Stubbing forNext(int calls) {
		return when((publication) -> true).times(calls);
	}

	/**
	 * Completes the oldest held future as its answer says.
	 * @return whether there was a held future
	 */
	public boolean release() {
		Held next;
		synchronized (this) {
			next = this.held.poll();
		}
		if (next == null) {
			return false;
		}
		complete(next.publication(), next.answer());
		return true;
	}

	/**
	 * Completes every held future, oldest first, as its answer says.
	 * @return how many were released
	 */
	public int releaseAll() {
		int released = 0;
		while (release()) {
			released++;
		}
		return released;
	}

	/**
	 * Returns how many futures are held.
	 * @return the number of held futures
	 */
	public synchronized int heldCount() {
		return this.held.size();
	}

	/**
	 * Forgets the recorded calls, the rules, the default answer and topic, the offsets and the journal positions.
	 * Held futures are dropped without being completed.
	 */
	public synchronized void reset() {
		this.publications.clear();
		this.rules.clear();
		this.held.clear();
		this.nextOffsets.clear();
		this.nextJournalPosition = 0;
		this.defaultTopic = DEFAULT_TOPIC;
		this.defaultAnswer = Answer.succeed();
	}

	/**
	 * Returns the recorded calls, in call order.
	 * @return a copy of the recorded calls
	 */
	public synchronized List<Publication> publications() {
		return List.copyOf(this.publications);
	}

	/**
	 * Returns the published events, in call order.
	 * @return the events; a {@code null} event is left out
	 */
	public List<Object> events() {
		return events(Object.class);
	}

	/**
	 * Returns the published events of a type, in call order.
	 * @param <T> the type
	 * @param type the type
	 * @return the events that are instances of the type
	 */
	public <T> List<T> events(Class<T> type) {
		return publications().stream().map(Publication::event).filter(type::isInstance).map(type::cast).toList();
	}

	private Answer answerFor(Publication publication) {
		for (Rule rule : this.rules) {
			if (rule.remaining > 0 && rule.condition.test(publication)) {
				rule.remaining--;
				if (rule.remaining == 0) {
					this.rules.remove(rule);
				}
				return rule.answer;
			}
		}
		return this.defaultAnswer;
	}

	private void complete(Publication publication, Answer answer) {
		if (answer.delay().isZero()) {
			completeNow(publication, answer);
		}
		else {
			CompletableFuture.delayedExecutor(answer.delay().toNanos(), TimeUnit.NANOSECONDS)
				.execute(() -> completeNow(publication, answer));
		}
	}

	private void completeNow(Publication publication, Answer answer) {
		CompletableFuture<PublishReceipt> future = publication.future();
		switch (answer.kind()) {
			case PUBLISHED -> future.complete(new PublishReceipt(publication.eventId(), publication.topic(), 0,
					nextOffset(publication.topic()), this.clock.instant()));
			case JOURNALED -> future.complete(PublishReceipt.journaled(publication.eventId(), publication.topic(),
					nextJournalPosition(), this.clock.instant()));
			case FAILED -> future.completeExceptionally(new PublicationFailedException(
					Objects.requireNonNull(answer.reason()), "answered by the test", null,
					publication.resolvedMessage(), answer.retriable(), answer.possiblyWritten()));
		}
	}

	private synchronized long nextOffset(String topic) {
		return this.nextOffsets.merge(topic, 1L, Long::sum) - 1;
	}

	private synchronized long nextJournalPosition() {
		return this.nextJournalPosition++;
	}

	/**
	 * A rule being set up: which calls it applies to, how many times, and how they are answered. The rule set up last
	 * is asked first; a rule that has answered its number of calls is forgotten.
	 */
	public final class Stubbing {

		private final Predicate<? super Publication> condition;

		private final int times;

		Stubbing(Predicate<? super Publication> condition, int times) {
			this.condition = condition;
			this.times = times;
		}

		/**
		 * Limits the rule to the next matching calls.
		 * @param calls how many matching calls it answers
		 * @return the limited rule
		 */
		public Stubbing times(int calls) {
			if (calls < 1) {
				throw new IllegalArgumentException("calls must be at least 1, was " + calls);
			}
			return new Stubbing(this.condition, calls);
		}

		/**
		 * Finishes the rule: matching calls get this answer.
		 * @param answer the answer
		 * @return the publisher
		 */
		public RecordingDomainEventPublisher thenAnswer(Answer answer) {
			Rule rule = new Rule(this.condition, Objects.requireNonNull(answer, "answer"), this.times);
			synchronized (RecordingDomainEventPublisher.this) {
				RecordingDomainEventPublisher.this.rules.addFirst(rule);
			}
			return RecordingDomainEventPublisher.this;
		}

		/**
		 * Finishes the rule: matching calls fail for a reason, retriable and possibly written as the reason implies.
		 * @param reason the reason
		 * @return the publisher
		 * @see Answer#fail(FailureReason)
		 */
		public RecordingDomainEventPublisher thenFail(FailureReason reason) {
			return thenAnswer(Answer.fail(reason));
		}

	}

	private static final class Rule {

		final Predicate<? super Publication> condition;

		final Answer answer;

		int remaining;

		Rule(Predicate<? super Publication> condition, Answer answer, int remaining) {
			this.condition = condition;
			this.answer = answer;
			this.remaining = remaining;
		}

	}

	private record Held(Publication publication, Answer answer) {
	}

}
