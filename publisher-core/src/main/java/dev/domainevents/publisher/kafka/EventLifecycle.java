/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * The one owner of an accepted event's stage. Every thread asks it to move an event; each move is one
 * compare-and-set, and only the thread that wins it acts, as in Kafka's {@code ProducerBatch}. No other class changes
 * a stage (an architecture test keeps it so).
 *
 * <pre>
 * from        to          by                 when
 * (accepted)  QUEUED      caller             the ledger took the event
 * QUEUED      PARKED      dispatcher         its topic has no metadata (or is behind parked events of its topic)
 * PARKED      QUEUED      dispatcher         taken back to the queue's head (the producer's buffer was full)
 * QUEUED      SENDING     dispatcher         taken for send()
 * PARKED      SENDING     dispatcher         its topic's metadata arrived
 * SENDING     QUEUED      dispatcher         the producer's buffer was full: it never reached the producer
 * SENDING     PARKED      dispatcher         send() found no metadata: it never reached the producer
 * SENDING     IN_FLIGHT   dispatcher         send() accepted it
 * any live    DECIDED     network thread     the send callback: success or failure
 *                         dispatcher         a failure before or in send() (denied topic, beyond its share, ...)
 *                         deadline timer     its deadline passed
 *                         shutdown           the publisher closed with the event still pending
 * DECIDED     COMPLETED   completion thread  listeners told, observation stopped, future completed
 * </pre>
 *
 * The stage an event was decided in says whether its record may have been written ({@code SENDING} or
 * {@code IN_FLIGHT}). A decided event leaves the queue, the parked events and the in-flight window lazily: whoever
 * meets it there drops it.
 */
final class EventLifecycle {

	/** An accepted event's stage; see the table above. */
	enum Stage {

		/** In the queue, not yet taken by the dispatcher. */
		QUEUED,

		/** Waiting for its topic's metadata, in its topic's order. */
		PARKED,

		/** Taken by the dispatcher; {@code send()} may be under way. */
		SENDING,

		/** Handed to the producer; the callback has not run yet. */
		IN_FLIGHT,

		/** Its outcome is decided, its future not yet completed. */
		DECIDED,

		/** Its future is completed. */
		COMPLETED;

		boolean isLive() {
			return this.ordinal() < DECIDED.ordinal();
		}

		/** Whether an event decided in this stage may have been written: the producer may have had it. */
		boolean mayHaveBeenWritten() {
			return this == SENDING || this == IN_FLIGHT;
		}

	}

	private static final Map<Stage, Set<Stage>> MOVES = new EnumMap<>(Stage.class);

	static {
		MOVES.put(Stage.QUEUED, EnumSet.of(Stage.PARKED, Stage.SENDING, Stage.DECIDED));
		MOVES.put(Stage.PARKED, EnumSet.of(Stage.QUEUED, Stage.SENDING, Stage.DECIDED));
		MOVES.put(Stage.SENDING, EnumSet.of(Stage.QUEUED, Stage.PARKED, Stage.IN_FLIGHT, Stage.DECIDED));
		MOVES.put(Stage.IN_FLIGHT, EnumSet.of(Stage.DECIDED));
		MOVES.put(Stage.DECIDED, EnumSet.of(Stage.COMPLETED));
		MOVES.put(Stage.COMPLETED, EnumSet.noneOf(Stage.class));
	}

	private final OutcomeReporter outcomes;

	private final CompletionDrain completions;

	EventLifecycle(OutcomeReporter outcomes, CompletionDrain completions) {
		this.outcomes = outcomes;
		this.completions = completions;
	}

	static boolean isAllowed(Stage from, Stage to) {
		return MOVES.get(from).contains(to);
	}

	// The moves of a live event. Each returns whether the event is now in the stage asked for; false means another
	// thread decided it first, and the caller must let it go.

	/** QUEUED -> PARKED; also true for an event parked already. */
	static boolean park(PendingEvent event) {
		return move(event, Stage.QUEUED, Stage.PARKED) || event.stage() == Stage.PARKED;
	}

	/** PARKED -> QUEUED; also true for an event queued already. */
	static boolean requeue(PendingEvent event) {
		return move(event, Stage.PARKED, Stage.QUEUED) || event.stage() == Stage.QUEUED;
	}

	/** QUEUED or PARKED -> SENDING. */
	static boolean takeForSending(PendingEvent event) {
		return move(event, Stage.QUEUED, Stage.SENDING) || move(event, Stage.PARKED, Stage.SENDING);
	}

	/** SENDING -> QUEUED: the producer's buffer had no room; the event goes back in order. */
	static boolean notSentForNow(PendingEvent event) {
		return move(event, Stage.SENDING, Stage.QUEUED);
	}

	/** SENDING -> PARKED: {@code send()} found no metadata for its topic. */
	static boolean parkAfterSend(PendingEvent event) {
		return move(event, Stage.SENDING, Stage.PARKED);
	}

	/** SENDING -> IN_FLIGHT: the producer has the record. */
	static boolean handedToProducer(PendingEvent event) {
		return move(event, Stage.SENDING, Stage.IN_FLIGHT);
	}

	/**
	 * Any live stage -> DECIDED, for a caller that decides the outcome itself (the deadline timer and the shutdown
	 * claim events under the ledger's lock, then fail them with {@link #failDecided}).
	 * @return the stage the event was decided in, or {@code null} when someone else decided it first
	 */
	static @Nullable Stage decide(PendingEvent event) {
		Stage stage;
		do {
			stage = event.stage();
			if (!stage.isLive()) {
				return null;
			}
		}
		while (!event.compareAndSetStage(stage, Stage.DECIDED));
		event.stageWhenDecided = stage;
		return stage;
	}

	/** DECIDED -> COMPLETED, on the completion thread, once the future completed. */
	static void completed(PendingEvent event) {
		assert event.stage() == Stage.DECIDED : event.stage();
		event.setStage(Stage.COMPLETED);
	}

	static boolean isDecided(PendingEvent event) {
		return !event.stage().isLive();
	}

	// The outcomes. Each decides a live event, and hands it to the completion threads.

	/** The broker acknowledged the record. */
	void succeed(PendingEvent event, PublishReceipt receipt) {
		if (decide(event) == null) {
			return;
		}
		event.succeedWith(receipt);
		this.completions.add(event);
	}

	/** The event failed: in {@code send()}, in its callback, or before it was sent. */
	void fail(PendingEvent event, Failure failure) {
		if (decide(event) == null) {
			return;
		}
		event.failWith(exception(event, failure));
		this.outcomes.failed(failure);
		this.completions.add(event);
	}

	/** Fails an event {@linkplain #decide decided} by its caller, already counted by the ledger. */
	void failDecided(PendingEvent event, Failure failure) {
		assert event.stage() == Stage.DECIDED : event.stage();
		event.failWith(exception(event, failure));
		this.outcomes.failed(failure);
		this.completions.addCounted(event);
	}

	private static PublicationFailedException exception(PendingEvent event, Failure failure) {
		return new PublicationFailedException(failure.reason(), failure.detail(), failure.cause(),
				event.resolvedMessage(), failure.retriable(), failure.possiblyWritten());
	}

	private static boolean move(PendingEvent event, Stage from, Stage to) {
		assert isAllowed(from, to) : from + " -> " + to;
		return event.compareAndSetStage(from, to);
	}

}
