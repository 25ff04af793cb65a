/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.SmartLifecycle;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.PublisherStats;

/**
 * Whether the publisher can get events into Kafka, judged without a network call per health request:
 * <ul>
 * <li>DOWN when one of the publisher's own threads died (it was restarted, but something is badly wrong), when the
 * journal reports a problem (a corrupt record it quarantined, or a failed write or {@code force} after which it keeps
 * nothing), when the oldest pending event has waited longer than {@code stuckAfter} (under traffic: the broker does not answer), when the
 * latest outcome was a failure for want of a broker and nothing succeeded since, or when the indicator's own probe of
 * the cluster found it unreachable;</li>
 * <li>UP otherwise.</li>
 * </ul>
 * The probe asks the cluster only while the indicator runs (it is a {@link SmartLifecycle}: started with the
 * application context, stopped first when it stops), only when a health request finds the latest answer older than
 * {@code probeInterval} and no event was acknowledged for as long, and in the background: a request never waits for
 * it, the following ones see its answer. So an application nobody asks about, or one under traffic, never probes.
 * <p>
 * The details show the queue's depth and saturation (every accepted event not yet completed, against the bounds),
 * what is in flight, and the time and reason of the last success and failure; with a journal, a {@code journal}
 * section: its mode, the events and bytes it holds, its bound, the age of its oldest event, its problem if it has one,
 * and a {@code warning} (the status stays UP) while it holds more than
 * {@value #JOURNAL_WARNING_PERCENT} % of its bound, beyond which events it would keep fail with {@code JOURNAL_FULL}.
 * Keep it out of the liveness group:
 * restarting pods during a broker outage is exactly what the queue exists to avoid.
 *
 * @since 0.1.0
 */
public final class DomainEventPublisherHealthIndicator extends AbstractHealthIndicator implements SmartLifecycle {

	private static final Set<FailureReason> UNREACHABLE = Set.of(FailureReason.DELIVERY_TIMEOUT,
			FailureReason.TOPIC_UNAVAILABLE, FailureReason.PRODUCER_CLOSED);

	/** The share of its bound, in percent, beyond which the journal's details carry a warning. */
	public static final int JOURNAL_WARNING_PERCENT = 80;

	private final PublisherInspection publisher;

	private final BrokerProbe probe;

	private final Duration stuckAfter;

	/**
	 * Creates the indicator, and its probe of the cluster.
	 * @param publisher the publisher
	 * @param adminProperties the properties of the probe's admin client: the same cluster and security as the
	 * publisher's
	 * @param stuckAfter how long the oldest pending event may wait before the publisher counts as down
	 * @param probeInterval how old the latest answer of the cluster, or acknowledgement, may be before the probe asks
	 * again
	 * @param probeTimeout how long one probe may take
	 */
	public DomainEventPublisherHealthIndicator(PublisherInspection publisher, Map<String, Object> adminProperties,
			Duration stuckAfter, Duration probeInterval, Duration probeTimeout) {
		super("Domain event publisher health check failed");
		this.publisher = publisher;
		this.probe = new BrokerProbe(adminProperties, probeInterval, probeTimeout, publisher::lastSuccess);
		this.stuckAfter = stuckAfter;
	}

	/**
	 * Lets the probe ask the cluster.
	 */
	@Override
	public void start() {
		this.probe.start();
	}

	/**
	 * Stops asking the cluster, and closes the probe's admin client; the publisher's own signals still tell the
	 * health.
	 */
	@Override
	public void stop() {
		this.probe.stop();
	}

	@Override
	public boolean isRunning() {
		return this.probe.isRunning();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PublisherStats stats = this.publisher.stats();
		Duration oldestPending = this.publisher.oldestPendingAge();
		Instant lastSuccess = this.publisher.lastSuccess();
		Instant lastFailure = this.publisher.lastFailure();
		FailureReason lastFailureReason = this.publisher.lastFailureReason();
		BrokerProbe.ProbeResult probe = this.probe.latestStartingAnotherIfStale();
		JournalState journal = this.publisher.journal();
		String downBecause = this.publisher.threadProblem();
		if (downBecause != null) {
			downBecause = "a publisher thread was lost: " + downBecause;
		}
		else if (journal != null && journal.problem() != null) {
			downBecause = "the journal has a problem: " + journal.problem();
		}
		else if (oldestPending.compareTo(this.stuckAfter) > 0) {
			downBecause = "the oldest pending event has waited " + oldestPending.toMillis() + " ms";
		}
		else if (lastFailure != null && lastFailureReason != null && UNREACHABLE.contains(lastFailureReason)
				&& (lastSuccess == null || lastFailure.isAfter(lastSuccess))) {
			downBecause = "the latest event failed with " + lastFailureReason + " and none succeeded since";
		}
		else if (probe != null && !probe.reachable() && (lastSuccess == null || probe.at().isAfter(lastSuccess))) {
			downBecause = "the cluster did not answer: " + probe.detail();
		}
		if (downBecause != null) {
			builder.down().withDetail("reason", downBecause);
		}
		else {
			builder.up();
		}
		double eventSaturation = (double) stats.heldEvents() / this.publisher.configuration().maxQueuedEvents();
		double byteSaturation = (double) stats.heldBytes() / this.publisher.configuration().maxQueuedBytes();
		builder.withDetail("queuedEvents", stats.queuedEvents())
			.withDetail("queuedBytes", stats.queuedBytes())
			.withDetail("queueSaturation", Math.round(Math.max(eventSaturation, byteSaturation) * 1000) / 1000.0)
			.withDetail("inFlightEvents", stats.inFlightEvents())
			.withDetail("inFlightBytes", stats.inFlightBytes())
			.withDetail("pending", stats.pending())
			.withDetail("oldestPendingAgeMillis", oldestPending.toMillis());
		if (lastSuccess != null) {
			builder.withDetail("lastSuccess", lastSuccess.toString());
		}
		if (lastFailure != null) {
			builder.withDetail("lastFailure", lastFailure.toString())
				.withDetail("lastFailureReason", String.valueOf(lastFailureReason));
		}
		if (probe != null) {
			builder.withDetail("lastProbe", probe.at() + " " + (probe.reachable() ? "reachable" : "unreachable")
					+ ": " + probe.detail());
		}
		if (journal != null) {
			builder.withDetail("journal", journalDetails(journal));
		}
	}

	private static Map<String, Object> journalDetails(JournalState journal) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", journal.mode().name());
		details.put("heldEvents", journal.heldEvents());
		details.put("heldBytes", journal.heldBytes());
		details.put("maxBytes", journal.maxBytes());
		double saturation = (journal.maxBytes() > 0) ? (double) journal.heldBytes() / journal.maxBytes() : 0;
		details.put("saturation", Math.round(saturation * 1000) / 1000.0);
		details.put("oldestHeldAgeMillis", journal.oldestHeldAge().toMillis());
		if (journal.problem() != null) {
			details.put("problem", journal.problem());
		}
		if (saturation * 100 > JOURNAL_WARNING_PERCENT) {
			details.put("warning", "the journal holds " + (int) Math.floor(saturation * 100)
					+ " % of its max-bytes (" + journal.heldBytes() + " of " + journal.maxBytes()
					+ " bytes): when it is full, events it would keep fail with JOURNAL_FULL");
		}
		return details;
	}

}
