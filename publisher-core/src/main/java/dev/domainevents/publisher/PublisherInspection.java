/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a running publisher: what it counted, what failed lately, how old its oldest pending event is,
 * and the configuration it really uses. The health indicator, the meters and the actuator endpoint read a publisher
 * through this, and so can an application's own monitoring. Every method is cheap and safe to call from any thread.
 *
 * @since 0.1.0
 */
public interface PublisherInspection {

	/**
	 * Returns a consistent snapshot of the ledger: {@code accepted == succeeded + failed + pending}.
	 * @return the statistics
	 */
	PublisherStats stats();

	/**
	 * Returns how many accepted events failed for a reason, by whether they may have been written.
	 * @param reason the reason
	 * @param possiblyWritten whether to count the possibly written ones, or the not written ones
	 * @return the count since the publisher started
	 */
	long failedCount(FailureReason reason, boolean possiblyWritten);

	/**
	 * Returns how many calls were refused for a reason before their event was accepted.
	 * @param reason the reason
	 * @return the count since the publisher started
	 */
	long rejectedCount(FailureReason reason);

	/**
	 * Returns how long the oldest event whose future has not completed has waited since it was accepted.
	 * @return the age, zero when nothing is pending
	 */
	Duration oldestPendingAge();

	/**
	 * Returns the latest failures of accepted events, oldest first, without payloads.
	 * @return at most the last fifty failures
	 */
	List<RecentFailure> recentFailures();

	/**
	 * Returns when Kafka last acknowledged an event.
	 * @return the time, or {@code null} if none was acknowledged yet
	 */
	@Nullable Instant lastSuccess();

	/**
	 * Returns when an accepted event last failed.
	 * @return the time, or {@code null} if none failed yet
	 */
	@Nullable Instant lastFailure();

	/**
	 * Returns why an accepted event last failed.
	 * @return the reason, or {@code null} if none failed yet
	 */
	@Nullable FailureReason lastFailureReason();

	/**
	 * Returns what went wrong with the publisher's own threads: a thread that died (it was restarted), or
	 * {@code null} when none did. A health check should report the publisher down while there is one.
	 * @return the problem, or {@code null}
	 */
	@Nullable String threadProblem();

	/**
	 * Returns the configuration the publisher runs with, after every default, customizer and forced value.
	 * @return the configuration in effect
	 */
	Configuration configuration();

	/**
	 * The state of the publisher's journal.
	 * @return the journal's state, or {@code null} when the journal is off
	 * @since 0.1.0
	 */
	default @Nullable JournalState journal() {
		return null;
	}

	/**
	 * One failure of an accepted event, without its payload.
	 *
	 * @param at when it failed
	 * @param reason why
	 * @param possiblyWritten whether the record may have been written anyway
	 * @param eventType the event's type, if it was resolved
	 * @param topic the event's topic, if it was resolved
	 * @param eventId the event's id ({@code ce_id}), if it was resolved
	 */
	record RecentFailure(Instant at, FailureReason reason, boolean possiblyWritten, @Nullable String eventType,
			@Nullable String topic, @Nullable String eventId) {
	}

	/**
	 * The configuration a publisher runs with.
	 *
	 * @param maxQueuedEvents the queue's bound in events
	 * @param maxQueuedBytes the queue's bound in estimated record bytes
	 * @param parkedSharePerTopic the share of those bounds one topic without metadata may take
	 * @param maxInFlightBytes how many estimated record bytes may be with the producer, unanswered
	 * @param overflowPolicy what {@code publish()} does when the queue is full
	 * @param overflowTimeout how long a caller waits for room with {@link OverflowPolicy#BLOCK}
	 * @param deliveryTimeout the longest time from acceptance to completion
	 * @param metadataWait how long one send may wait for its topic's metadata ({@code max.block.ms})
	 * @param source the CloudEvents source ({@code ce_source})
	 * @param producer the producer's configuration, as the producer factory gives it (empty when a factory given to
	 * the builder does not tell); values are not masked
	 */
	record Configuration(int maxQueuedEvents, long maxQueuedBytes, double parkedSharePerTopic, long maxInFlightBytes,
			OverflowPolicy overflowPolicy, Duration overflowTimeout, Duration deliveryTimeout, Duration metadataWait,
			String source, Map<String, Object> producer) {

		/**
		 * Returns how long a caller waits for room with {@link OverflowPolicy#BLOCK}.
		 * @return the overflow timeout
		 * @deprecated since 0.1.0, renamed {@link #overflowTimeout()}, as it is not Kafka's max.block.ms
		 */
		@Deprecated(since = "0.1.0")
		public Duration maxBlock() {
			return this.overflowTimeout;
		}

	}

	/**
	 * The state of a publisher's journal.
	 *
	 * @param mode when events are journaled
	 * @param directory the journal's directory
	 * @param maxBytes the journal's bound on disk
	 * @param heldEvents events in the journal not yet in Kafka
	 * @param heldBytes bytes the journal's files take on disk
	 * @param oldestHeldAge how long the oldest event held has been in the journal; zero when none is
	 * @param appended events appended since the publisher started
	 * @param replayed journaled events Kafka acknowledged since the publisher started
	 * @param replayRetries replays that failed for a retriable reason (the event stays in the journal)
	 * @param deadLettered events moved to the dead-letter file since the publisher started
	 * @param quarantined corrupt records set aside when the journal was opened
	 * @param fencedKeys keys whose later events go through the journal behind earlier ones
	 * @param forces group commits ({@code force} calls) since the publisher started
	 * @param forceTimeMax the longest {@code force}
	 * @param forceTimeTotal the time all {@code force} calls took
	 * @param replayBackoff how long the replay waits before it tries again; zero while it is not backing off
	 * @param problem what is wrong with the journal, or {@code null}: a quarantined record, a failed {@code force}
	 * @since 0.1.0
	 */
	record JournalState(JournalMode mode, String directory, long maxBytes, long heldEvents, long heldBytes,
			Duration oldestHeldAge, long appended, long replayed, long replayRetries, long deadLettered,
			long quarantined, int fencedKeys, long forces, Duration forceTimeMax, Duration forceTimeTotal,
			Duration replayBackoff, @Nullable String problem) {
	}

}
