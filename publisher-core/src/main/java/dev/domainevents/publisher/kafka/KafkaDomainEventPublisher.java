/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublisherStats;

/**
 * A {@link DomainEventPublisher} that funnels events through a bounded queue into {@link KafkaTemplate} sends made by
 * one dispatcher thread, and completes each caller's future from the send callback.
 * <p>
 * <b>On the caller's thread</b>, {@code publish()} only validates, routes and serializes the event, then offers it to
 * the queue. It never calls the producer. A problem with the event (invalid, not serializable, too large) fails that
 * event alone, at once. <b>When the queue is full</b>, in events or in bytes, the {@link OverflowPolicy} applies:
 * {@code REJECT} returns a future already failed with {@link FailureReason#QUEUE_FULL}; {@code BLOCK} waits up to
 * {@code overflowTimeout} for room first, then fails it with {@code QUEUE_FULL}.
 * <p>
 * <b>Deadlines.</b> An accepted event's future completes at the latest {@code deliveryTimeout} after it was accepted
 * (plus the few milliseconds of the timer's wake-up and the hand-off to the completion executor): the deadline timer
 * fails it then, as not written while it was still queued, and as possibly written once the producer had it. A
 * caller with the {@code BLOCK} policy may wait up to {@code overflowTimeout} before its event is accepted.
 * {@link #close} completes every future within its timeout.
 * <p>
 * <b>Order.</b> Events with the same key reach Kafka in the order they were accepted: one thread sends, the producer
 * is idempotent, and events parked for a topic without metadata keep their topic's order.
 * <p>
 * <b>Completion.</b> Futures complete on the completion executor, never on Kafka's network thread, in batches: the
 * network thread only queues an outcome, and one task completes all that wait. A callback blocked for long, even in
 * {@code join()} on another publication, gets another task started for the completions behind it. The default
 * executor is a small pool of daemon threads, and it outlives the drain at shutdown.
 * <p>
 * <b>Observation.</b> With an
 * {@linkplain KafkaDomainEventPublisherBuilder#observationRegistry(ObservationRegistry) observation registry}, each
 * event that passes validation gets a Micrometer observation, {@code domain.events.publish}, whose parent is the
 * caller's current observation. It is started just before the event is offered to the queue (so it covers any wait
 * for space), the dispatcher sends the event within its scope (so that the template's own observation of the send,
 * {@code "<topic> send"}, is its child and writes the trace headers into the record), and it is stopped on the
 * completion executor just before the future completes, with the {@link PublicationFailedException} as its error if
 * the event failed. An event the queue refuses ({@code QUEUE_FULL}, {@code SHUTTING_DOWN}, {@code INTERRUPTED}) has
 * its observation stopped at once with that error; a call refused before that (an invalid, unserializable or too
 * large event) has none. Without a registry nothing is observed, and no object is allocated for it.
 *
 * @since 0.1.0
 */
public final class KafkaDomainEventPublisher implements DomainEventPublisher, PublisherInspection, AutoCloseable {

	/** How long {@link #close(Duration)} may take beyond its timeout: completing futures, releasing the producer. */
	static final long CLOSE_GRACE_MILLIS = PublisherShutdown.GRACE_MILLIS;

	private final PublisherAssembly parts;

	KafkaDomainEventPublisher(PublisherAssembly parts) {
		this.parts = parts;
		parts.startThreads();
	}

	/**
	 * Starts building a publisher.
	 * @return a builder
	 */
	public static KafkaDomainEventPublisherBuilder builder() {
		return new KafkaDomainEventPublisherBuilder();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * An {@link EventMessage} given here is published as the message it is, not as a payload.
	 */
	@Override
	public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
		return publish((event instanceof EventMessage message) ? message : EventMessage.of(event));
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(@Nullable EventMessage message) {
		PendingEvent pending;
		try {
			pending = this.parts.preparation.prepare(message);
		}
		catch (PublicationFailedException rejected) {
			return CompletableFuture.failedFuture(rejected);
		}
		EventJournal journal = this.parts.journal;
		if (journal != null) {
			return publishWithJournal(pending, journal);
		}
		PendingBounds.Admission admission = this.parts.ledger.offer(pending, this.parts.overflowTimeoutNanos);
		return switch (admission) {
			case ACCEPTED -> {
				this.parts.dispatcher.wake();
				yield pending.future;
			}
			case FULL -> refuse(pending, FailureReason.QUEUE_FULL);
			case CLOSING -> refuse(pending, FailureReason.SHUTTING_DOWN);
			case INTERRUPTED -> refuse(pending, FailureReason.INTERRUPTED);
		};
	}

	private CompletableFuture<PublishReceipt> publishWithJournal(PendingEvent pending, EventJournal journal) {
		if (journal.isFenced(pending)) {
			return keepInJournal(pending, journal, false);
		}
		boolean writeAhead = journal.isWriteAhead();
		if (writeAhead) {
			EventLifecycle.awaitJournal(pending);
		}
		PendingBounds.Admission admission = this.parts.ledger.offer(pending, this.parts.overflowTimeoutNanos, !writeAhead);
		if (admission == PendingBounds.Admission.ACCEPTED) {
			if (writeAhead) {
				journal.appendAhead(pending);
			}
			else {
				this.parts.dispatcher.wake();
			}
			return pending.future;
		}
		EventLifecycle.notAccepted(pending);
		return switch (admission) {
			case FULL -> keepInJournal(pending, journal, true);
			case CLOSING -> refuse(pending, FailureReason.SHUTTING_DOWN);
			default -> refuse(pending, FailureReason.INTERRUPTED);
		};
	}

	// The queue is full, or the event's key waits behind journaled events: it goes to the journal at once.
	private CompletableFuture<PublishReceipt> keepInJournal(PendingEvent pending, EventJournal journal,
			boolean overflow) {
		return switch (journal.keepAtAdmission(pending, overflow)) {
			case ACCEPTED -> pending.future;
			case CLOSING -> refuse(pending, FailureReason.SHUTTING_DOWN);
			default -> refuse(pending, FailureReason.QUEUE_FULL);
		};
	}

	// The queue refused an event that had passed validation: its observation, if any, ends now with the failure.
	private CompletableFuture<PublishReceipt> refuse(PendingEvent pending, FailureReason reason) {
		PublicationFailedException failure = this.parts.outcomes.rejection(pending.resolvedMessage(), reason, null,
				null);
		if (pending.observation != null) {
			PublishObservation.stop(pending.observation, failure);
		}
		return CompletableFuture.failedFuture(failure);
	}

	@Override
	public PublisherStats stats() {
		return this.parts.ledger.stats(this.parts.outcomes.rejected(), this.parts.window.events(),
				this.parts.window.bytes());
	}

	@Override
	public long failedCount(FailureReason reason, boolean possiblyWritten) {
		return this.parts.outcomes.failedCount(reason, possiblyWritten);
	}

	@Override
	public long rejectedCount(FailureReason reason) {
		return this.parts.outcomes.rejectedCount(reason);
	}

	@Override
	public Duration oldestPendingAge() {
		return Duration.ofNanos(this.parts.ledger.oldestPendingAgeNanos());
	}

	@Override
	public List<RecentFailure> recentFailures() {
		return this.parts.outcomes.recentFailures();
	}

	@Override
	public @Nullable Instant lastSuccess() {
		return this.parts.outcomes.lastSuccess();
	}

	@Override
	public @Nullable Instant lastFailure() {
		return this.parts.outcomes.lastFailure();
	}

	@Override
	public @Nullable FailureReason lastFailureReason() {
		return this.parts.outcomes.lastFailureReason();
	}

	@Override
	public @Nullable String threadProblem() {
		return this.parts.workers.problem();
	}

	@Override
	public Configuration configuration() {
		return this.parts.configuration;
	}

	@Override
	public @Nullable JournalState journal() {
		EventJournal journal = this.parts.journal;
		return (journal != null) ? journal.state() : null;
	}

	/**
	 * Closes with a timeout of 30 seconds.
	 * @see #close(Duration)
	 */
	@Override
	public void close() {
		close(Duration.ofSeconds(30));
	}

	/**
	 * Stops taking events, sends what is queued, waits for the broker's answers, and fails whatever is still pending
	 * when the timeout runs out ({@link FailureReason#SHUTTING_DOWN}, possibly written when the producer had it). No
	 * future is left pending: when the completion threads are blocked in callbacks, threads of the publisher's own
	 * complete the rest. New calls fail at once with {@link FailureReason#SHUTTING_DOWN}, and callers waiting for
	 * space are woken with the same. It then releases the producer (if the publisher created it), its threads and
	 * its completion pool.
	 * <p>
	 * It returns within the timeout plus {@value #CLOSE_GRACE_MILLIS} ms, also when the closing thread is
	 * interrupted: an interrupt ends the wait for the broker's answers at once, and the interrupt status is kept.
	 * Calling it again, or from another thread, waits for the first drain within its own timeout, then releases
	 * whatever is not released yet.
	 * @param timeout how long to drain at most
	 */
	public void close(Duration timeout) {
		this.parts.shutdown.close(System.nanoTime() + timeout.toNanos());
	}

	// For tests: the per-topic state kept, how often metadata was asked for, the threads, the producer's metrics.
	int parkedTopicCount() {
		return this.parts.ledger.dispatchQueue().parkedTopicCount();
	}

	long metadataProbes() {
		return this.parts.metadataProber.probes();
	}

	boolean threadsStopped() {
		return this.parts.shutdown.threadsStopped();
	}

	Workers workers() {
		return this.parts.workers;
	}

	Map<MetricName, ? extends Metric> producerMetrics() {
		return this.parts.template.metrics();
	}

}
