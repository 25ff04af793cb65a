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
 * (accepted)  JOURNALING  caller             write-ahead journal: the event is appended before it may be sent
 * JOURNALING  QUEUED      journal writer     its append is on disk
 * JOURNALING  DECIDED     journal writer     the journal refused it (full, failed, closed)
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
 * With a journal, a decided event that failed for a retriable reason (or whose key waits behind journaled events)
 * is {@linkplain EventJournal#keep kept} instead: it stays DECIDED, holding its room, until its append is on disk,
 * and then completes with a journaled receipt. A write-ahead event is on disk already and completes so at once. Only
 * the journal's writer decides a JOURNALING event: the deadline timer and the shutdown leave it to the append, which
 * ends within the time a {@code force} takes.
 *
 * The stage an event was decided in says whether its record may have been written ({@code SENDING} or
 * {@code IN_FLIGHT}). A decided event leaves the queue, the parked events and the in-flight window lazily: whoever
 * meets it there drops it.
 */
final class EventLifecycle {

	/** An accepted event's stage; see the table above. */
	enum Stage {

		/** Accepted, being appended to the write-ahead journal; not yet in the queue. */
		JOURNALING,

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
		MOVES.put(Stage.JOURNALING, EnumSet.of(Stage.QUEUED, Stage.DECIDED));
		MOVES.put(Stage.QUEUED, EnumSet.of(Stage.PARKED, Stage.SENDING, Stage.DECIDED));
		MOVES.put(Stage.PARKED, EnumSet.of(Stage.QUEUED, Stage.SENDING, Stage.DECIDED));
		MOVES.put(Stage.SENDING, EnumSet.of(Stage.QUEUED, Stage.PARKED, Stage.IN_FLIGHT, Stage.DECIDED));
		MOVES.put(Stage.IN_FLIGHT, EnumSet.of(Stage.DECIDED));
		MOVES.put(Stage.DECIDED, EnumSet.of(Stage.COMPLETED));
		MOVES.put(Stage.COMPLETED, EnumSet.noneOf(Stage.class));
	}

	private final OutcomeReporter outcomes;

	private final CompletionDrain completions;

	private final @Nullable EventJournal journal;

	EventLifecycle(OutcomeReporter outcomes, CompletionDrain completions, @Nullable EventJournal journal) {
		this.outcomes = outcomes;
		this.completions = completions;
		this.journal = journal;
	}

	static boolean isAllowed(Stage from, Stage to) {
		return MOVES.get(from).contains(to);
	}

	// The moves of a live event. Each returns whether the event is now in the stage asked for; false means another
	// thread decided it first, and the caller must let it go.

	/** Before the event is offered: it goes to the write-ahead journal first. */
	static void awaitJournal(PendingEvent event) {
		event.setStage(Stage.JOURNALING);
	}

	/** Undoes {@link #awaitJournal} for an event the ledger did not accept. */
	static void notAccepted(PendingEvent event) {
		event.setStage(Stage.QUEUED);
	}

	/** JOURNALING -> QUEUED: its append is on disk; it may be sent. */
	static boolean journaledForDispatch(PendingEvent event) {
		return move(event, Stage.JOURNALING, Stage.QUEUED);
	}

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
			if (!stage.isLive() || stage == Stage.JOURNALING) {
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

	// The outcomes. Each decides a live event, and hands it to the completion threads (or to the journal).

	/** The broker acknowledged the record. */
	void succeed(PendingEvent event, PublishReceipt receipt) {
		if (decide(event) == null) {
			return;
		}
		if (this.journal != null && event.journalPosition >= 0) {
			this.journal.published(event);
		}
		event.succeedWith(receipt);
		this.completions.add(event);
	}

	/** The event failed: in {@code send()}, in its callback, or before it was sent. */
	void fail(PendingEvent event, Failure failure) {
		EventJournal journal = this.journal;
		if (journal != null && journal.keeps(event, failure)) {
			// Decided and kept in one step, in the order of the ledger's claims: the deadline timer or a spill may be
			// claiming the newer events of its key right now, and must not hand them to the journal before it.
			journal.inClaimOrder(() -> {
				if (decide(event) != null) {
					journal.keep(event, failure);
				}
			});
			return;
		}
		if (decide(event) == null) {
			return;
		}
		failOrKeep(event, failure);
	}

	/**
	 * Fails an event {@linkplain #decide decided} by its caller (the deadline timer, the shutdown), or keeps it in
	 * the journal.
	 */
	void failDecided(PendingEvent event, Failure failure) {
		assert event.stage() == Stage.DECIDED : event.stage();
		failOrKeep(event, failure);
	}

	/**
	 * Sends a live event to the journal instead of Kafka: its key waits behind journaled events. Its future completes
	 * with a journaled receipt once it is on disk.
	 */
	void keepBehindJournaled(PendingEvent event) {
		EventJournal journal = this.journal;
		if (journal != null) {
			// In the order of the ledger's claims, as a failed event is (see fail).
			journal.inClaimOrder(() -> {
				if (decide(event) != null) {
					journal.keep(event, null);
				}
			});
		}
	}

	/** A write-ahead event the journal refused: it never reached the queue. */
	void refusedByJournal(PendingEvent event, Failure failure) {
		if (move(event, Stage.JOURNALING, Stage.DECIDED)) {
			event.stageWhenDecided = Stage.JOURNALING;
			complete(event, failure);
		}
	}

	/** An event {@linkplain EventJournal#keep kept}: its append is on disk, or the journal refused it. */
	void journaled(PendingEvent event, PublishReceipt receipt) {
		event.succeedWith(receipt);
		this.completions.add(event);
	}

	void notJournaled(PendingEvent event, Failure failure) {
		complete(event, failure);
	}

	private void failOrKeep(PendingEvent event, Failure failure) {
		EventJournal journal = this.journal;
		if (journal != null) {
			if (journal.keeps(event, failure)) {
				journal.keep(event, failure);
				return;
			}
			journal.failedForGood(event, failure);
		}
		complete(event, failure);
	}

	private void complete(PendingEvent event, Failure failure) {
		event.failWith(exception(event, failure));
		// A replay that failed for a retriable reason did not fail: the event stays in the journal.
		if (!event.isReplay() || !failure.retriable()) {
			this.outcomes.failed(failure);
		}
		this.completions.add(event);
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
