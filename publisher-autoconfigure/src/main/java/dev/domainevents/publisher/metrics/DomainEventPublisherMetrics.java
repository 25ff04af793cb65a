/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.PublisherStats;

/**
 * Binds the publisher's ledger to Micrometer, and times every publication. The counters read the ledger itself, so
 * they can never drift from it: at every moment {@code accepted == succeeded + failed + pending}.
 * <ul>
 * <li>{@code domain.events.accepted}: events that entered the queue;</li>
 * <li>{@code domain.events.succeeded}: accepted events that Kafka acknowledged;</li>
 * <li>{@code domain.events.failed}, tagged {@code reason} and {@code written} ({@code no} or {@code possibly}):
 * accepted events whose future failed;</li>
 * <li>{@code domain.events.rejected}, tagged {@code reason}: calls refused before their event was accepted;</li>
 * <li>{@code domain.events.pending}: accepted events whose future has not completed;</li>
 * <li>{@code domain.events.queue.size}, {@code domain.events.queue.bytes}, {@code domain.events.queue.remaining},
 * {@code domain.events.queue.remaining.bytes}: the queue, in events and estimated record bytes;</li>
 * <li>{@code domain.events.inflight}, {@code domain.events.inflight.bytes}: handed to the producer, unanswered;</li>
 * <li>{@code domain.events.oldest.pending.age}: how long the oldest pending event has waited;</li>
 * <li>{@code domain.events.latency}, tagged {@code result} and {@code topic}: from acceptance to completion. The
 * {@code result} is {@code success} for an event Kafka acknowledged, {@code journaled} for one whose future completed
 * with a {@linkplain PublishReceipt#isJournaled() journaled} receipt (on local disk, not yet in Kafka: its later
 * replay is counted by {@code domain.events.journal.replayed}, not timed here), and {@code failure}.</li>
 * </ul>
 * With a journal ({@link PublisherInspection#journal()} not {@code null} when the meters are bound), its meters too:
 * <ul>
 * <li>{@code domain.events.journal.events}, {@code domain.events.journal.bytes}: events held in the journal, not yet
 * in Kafka, and the bytes its files take on disk; {@code domain.events.journal.max.bytes}: its bound;</li>
 * <li>{@code domain.events.journal.appended}, {@code domain.events.journal.replayed},
 * {@code domain.events.journal.replay.retries}, {@code domain.events.journal.dead.lettered},
 * {@code domain.events.journal.quarantined}: counters since the publisher started;</li>
 * <li>{@code domain.events.journal.oldest.age}: how long the oldest event held has been in the journal;</li>
 * <li>{@code domain.events.journal.fsync}: a function timer of the journal's group commits (count and total time of
 * its {@code force} calls), and {@code domain.events.journal.fsync.max}: the longest one since the publisher
 * started;</li>
 * <li>{@code domain.events.journal.fenced.keys}: keys whose later events go through the journal behind earlier
 * ones.</li>
 * </ul>
 * Tag values are bounded: a topic is named only if it is known (configured, or routed by annotation); any other,
 * such as a topic given explicitly to {@code publish}, is {@code other}. Event ids, keys and payloads are never tags.
 *
 * @since 0.1.0
 */
public final class DomainEventPublisherMetrics implements MeterBinder, PublicationListener {

	static final String OTHER_TOPIC = "other";

	private final Supplier<? extends PublisherInspection> publisher;

	private final Predicate<String> knownTopic;

	private final boolean allTopics;

	private final boolean percentileHistogram;

	// Topics remembered with their timer; beyond this many, a topic's timer is found by its tag, as for the first event.
	private static final int MAX_REMEMBERED_TOPICS = 1_000;

	// The latency timers by result and topic tag: bounded by the tags.
	private final Map<String, Timer> timersByTag = new ConcurrentHashMap<>();

	// The same timers by topic, one map per result, so that a lookup per event allocates nothing.
	private final Map<String, Timer> successTimers = new ConcurrentHashMap<>();

	private final Map<String, Timer> failureTimers = new ConcurrentHashMap<>();

	private final Map<String, Timer> journaledTimers = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Creates the meters' binder.
	 * @param publisher the publisher, looked up when the meters are bound
	 * @param knownTopic which topics to name in the {@code topic} tag; others are {@code other}
	 * @param allTopics whether to name every topic, for applications whose topics are bounded by design
	 * @param percentileHistogram whether the latency timer publishes a percentile histogram
	 */
	public DomainEventPublisherMetrics(Supplier<? extends PublisherInspection> publisher, Predicate<String> knownTopic,
			boolean allTopics, boolean percentileHistogram) {
		this.publisher = publisher;
		this.knownTopic = knownTopic;
		this.allTopics = allTopics;
		this.percentileHistogram = percentileHistogram;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		PublisherInspection publisher = this.publisher.get();
		FunctionCounter.builder("domain.events.accepted", publisher, (p) -> p.stats().accepted())
			.description("Events that entered the publisher's queue")
			.baseUnit("events")
			.register(registry);
		FunctionCounter.builder("domain.events.succeeded", publisher, (p) -> p.stats().succeeded())
			.description("Accepted events that Kafka acknowledged")
			.baseUnit("events")
			.register(registry);
		for (FailureReason reason : FailureReason.values()) {
			for (boolean possiblyWritten : new boolean[] { false, true }) {
				FunctionCounter.builder("domain.events.failed", publisher, (p) -> p.failedCount(reason, possiblyWritten))
					.description("Accepted events whose future failed")
					.baseUnit("events")
					.tag("reason", tagValue(reason))
					.tag("written", possiblyWritten ? "possibly" : "no")
					.register(registry);
			}
			FunctionCounter.builder("domain.events.rejected", publisher, (p) -> p.rejectedCount(reason))
				.description("Calls refused before their event was accepted")
				.baseUnit("events")
				.tag("reason", tagValue(reason))
				.register(registry);
		}
		gauge(registry, "domain.events.pending", "Accepted events whose future has not completed", "events",
				publisher, (stats) -> stats.pending());
		gauge(registry, "domain.events.queue.size", "Events waiting in the queue", "events", publisher,
				(stats) -> stats.queuedEvents());
		gauge(registry, "domain.events.queue.bytes", "Estimated record bytes waiting in the queue", "bytes", publisher,
				(stats) -> stats.queuedBytes());
		Gauge.builder("domain.events.queue.remaining", publisher, (p) -> p.configuration().maxQueuedEvents() - p.stats().heldEvents())
			.description("Events the queue can still take: its bound less every accepted event not yet completed")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("domain.events.queue.remaining.bytes", publisher,
				(p) -> p.configuration().maxQueuedBytes() - p.stats().heldBytes())
			.description("Estimated record bytes the queue can still take: its bound less every pending event's")
			.baseUnit("bytes")
			.register(registry);
		gauge(registry, "domain.events.inflight", "Events handed to the producer and not yet answered", "events",
				publisher, (stats) -> stats.inFlightEvents());
		gauge(registry, "domain.events.inflight.bytes", "Estimated record bytes handed to the producer, unanswered",
				"bytes", publisher, (stats) -> stats.inFlightBytes());
		TimeGauge.builder("domain.events.oldest.pending.age", publisher, TimeUnit.NANOSECONDS,
				(p) -> p.oldestPendingAge().toNanos())
			.description("How long the oldest pending event has waited since it was accepted")
			.register(registry);
		if (publisher.journal() != null) {
			bindJournal(registry, publisher);
		}
		this.registry = registry;
	}

	// Each meter reads the journal's state when it is read; the journal is on or off for the publisher's lifetime.
	private static void bindJournal(MeterRegistry registry, PublisherInspection publisher) {
		journalGauge(registry, "domain.events.journal.events", "Events held in the journal, not yet in Kafka", "events",
				publisher, JournalState::heldEvents);
		journalGauge(registry, "domain.events.journal.bytes", "Bytes the journal's files take on disk", "bytes",
				publisher, JournalState::heldBytes);
		journalGauge(registry, "domain.events.journal.max.bytes",
				"The journal's bound on disk: beyond it an event the journal would keep fails with JOURNAL_FULL",
				"bytes", publisher, JournalState::maxBytes);
		journalCounter(registry, "domain.events.journal.appended", "Events appended to the journal", "events",
				publisher, JournalState::appended);
		journalCounter(registry, "domain.events.journal.replayed", "Journaled events that Kafka acknowledged",
				"events", publisher, JournalState::replayed);
		journalCounter(registry, "domain.events.journal.replay.retries",
				"Replays that failed for a retriable reason; the event stays in the journal", "retries", publisher,
				JournalState::replayRetries);
		journalCounter(registry, "domain.events.journal.dead.lettered",
				"Journaled events moved to the dead-letter file because they can never be published", "events",
				publisher, JournalState::deadLettered);
		journalCounter(registry, "domain.events.journal.quarantined",
				"Corrupt records set aside when the journal was opened", "records", publisher,
				JournalState::quarantined);
		journalGauge(registry, "domain.events.journal.fenced.keys",
				"Keys whose later events go through the journal behind earlier ones", "keys", publisher,
				JournalState::fencedKeys);
		TimeGauge.builder("domain.events.journal.oldest.age", publisher, TimeUnit.NANOSECONDS,
				(p) -> journalValue(p, (journal) -> journal.oldestHeldAge().toNanos()))
			.description("How long the oldest event held has been in the journal")
			.register(registry);
		FunctionTimer
			.builder("domain.events.journal.fsync", publisher,
					(p) -> (long) journalValue(p, JournalState::forces, 0),
					(p) -> journalValue(p, (journal) -> journal.forceTimeTotal().toNanos(), 0), TimeUnit.NANOSECONDS)
			.description("The journal's group commits: each forces the appends it gathered to disk")
			.register(registry);
		TimeGauge.builder("domain.events.journal.fsync.max", publisher, TimeUnit.NANOSECONDS,
				(p) -> journalValue(p, (journal) -> journal.forceTimeMax().toNanos()))
			.description("The longest force of the journal to disk since the publisher started")
			.register(registry);
	}

	private static void journalGauge(MeterRegistry registry, String name, String description, String unit,
			PublisherInspection publisher, ToDoubleFunction<JournalState> value) {
		Gauge.builder(name, publisher, (p) -> journalValue(p, value))
			.description(description)
			.baseUnit(unit)
			.register(registry);
	}

	private static void journalCounter(MeterRegistry registry, String name, String description, String unit,
			PublisherInspection publisher, ToDoubleFunction<JournalState> value) {
		FunctionCounter.builder(name, publisher, (p) -> journalValue(p, value))
			.description(description)
			.baseUnit(unit)
			.register(registry);
	}

	private static double journalValue(PublisherInspection publisher, ToDoubleFunction<JournalState> value) {
		return journalValue(publisher, value, Double.NaN);
	}

	private static double journalValue(PublisherInspection publisher, ToDoubleFunction<JournalState> value,
			double withoutJournal) {
		JournalState journal = publisher.journal();
		return (journal != null) ? value.applyAsDouble(journal) : withoutJournal;
	}

	/**
	 * Times the event: as {@code result=journaled} when the receipt says it is in the journal, not yet in Kafka,
	 * otherwise as {@code result=success}.
	 */
	@Override
	public void onSuccess(PublishReceipt receipt, Duration latency) {
		if (receipt.isJournaled()) {
			record(this.journaledTimers, "journaled", receipt.topic(), latency);
		}
		else {
			record(this.successTimers, "success", receipt.topic(), latency);
		}
	}

	@Override
	public void onFailure(PublicationFailedException failure, Duration latency) {
		record(this.failureTimers, "failure", failure.getTopic(), latency);
	}

	private void record(Map<String, Timer> timers, String result, @Nullable String topic, Duration latency) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		String key = (topic != null) ? topic : OTHER_TOPIC;
		Timer timer = timers.get(key);
		if (timer == null) {
			// Once per topic: which tag it gets is decided here, not per event.
			String topicTag = (topic != null && (this.allTopics || this.knownTopic.test(topic))) ? topic
					: OTHER_TOPIC;
			timer = this.timersByTag.computeIfAbsent(result + '\u0000' + topicTag,
					(name) -> Timer.builder("domain.events.latency")
						.description("Time from an event's acceptance to the completion of its future")
						.tag("result", result)
						.tag("topic", topicTag)
						.publishPercentileHistogram(this.percentileHistogram)
						.register(registry));
			if (timers.size() < MAX_REMEMBERED_TOPICS) {
				timers.put(key, timer);
			}
		}
		timer.record(latency);
	}

	private static void gauge(MeterRegistry registry, String name, String description, String unit,
			PublisherInspection publisher, java.util.function.ToLongFunction<PublisherStats> value) {
		Gauge.builder(name, publisher, (p) -> value.applyAsLong(p.stats()))
			.description(description)
			.baseUnit(unit)
			.register(registry);
	}

	private static String tagValue(FailureReason reason) {
		return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
