/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

/**
 * Whether the publisher can get events into Kafka, judged without a network call per health request:
 * <ul>
 * <li>DOWN when one of the publisher's own threads died (it was restarted, but something is badly wrong), when the
 * oldest pending event has waited longer than {@code stuckAfter} (under traffic: the broker does
 * not answer), when the latest outcome was a failure for want of a broker and nothing succeeded since, or when the
 * background {@link BrokerProbe} (which asks the cluster only while nothing is acknowledged) found it unreachable;</li>
 * <li>UP otherwise.</li>
 * </ul>
 * The details show the queue's depth and saturation (every accepted event not yet completed, against the bounds), what is in flight, and the time and reason of the last success
 * and failure. Keep it out of the liveness group: restarting pods during a broker outage is exactly what the queue
 * exists to avoid.
 *
 * @since 0.1.0
 */
public final class DomainEventPublisherHealthIndicator extends AbstractHealthIndicator {

	private static final Set<FailureReason> UNREACHABLE = Set.of(FailureReason.DELIVERY_TIMEOUT,
			FailureReason.TOPIC_UNAVAILABLE, FailureReason.PRODUCER_CLOSED);

	private final KafkaDomainEventPublisher publisher;

	private final BrokerProbe probe;

	private final Duration stuckAfter;

	/**
	 * Creates the indicator.
	 * @param publisher the publisher
	 * @param probe the background probe of the cluster
	 * @param stuckAfter how long the oldest pending event may wait before the publisher counts as down
	 */
	public DomainEventPublisherHealthIndicator(KafkaDomainEventPublisher publisher, BrokerProbe probe,
			Duration stuckAfter) {
		super("Domain event publisher health check failed");
		this.publisher = publisher;
		this.probe = probe;
		this.stuckAfter = stuckAfter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PublisherStats stats = this.publisher.stats();
		Duration oldestPending = this.publisher.oldestPendingAge();
		Instant lastSuccess = this.publisher.lastSuccess();
		Instant lastFailure = this.publisher.lastFailure();
		FailureReason lastFailureReason = this.publisher.lastFailureReason();
		BrokerProbe.ProbeResult probe = this.probe.lastResult();
		String downBecause = this.publisher.threadProblem();
		if (downBecause != null) {
			downBecause = "a publisher thread was lost: " + downBecause;
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
	}

}
