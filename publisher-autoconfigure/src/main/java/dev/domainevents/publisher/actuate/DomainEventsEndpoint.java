/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.PublisherInspection.RecentFailure;

/**
 * The {@code domainevents} actuator endpoint: the configuration in effect (secrets masked), the queue, the counters,
 * and the latest failures (reason, type, topic, event id; never payloads).
 *
 * @since 0.1.0
 */
@Endpoint(id = "domainevents")
public final class DomainEventsEndpoint {

	static final String MASK = "******";

	private final KafkaDomainEventPublisher publisher;

	private final Map<String, Object> configuration;

	/**
	 * Creates the endpoint.
	 * @param publisher the publisher
	 * @param configuration the configuration in effect, masked here before it is shown
	 */
	public DomainEventsEndpoint(KafkaDomainEventPublisher publisher, Map<String, ?> configuration) {
		this.publisher = publisher;
		this.configuration = sanitize(configuration);
	}

	/**
	 * Describes the publisher.
	 * @return the description
	 */
	@ReadOperation
	public DomainEventsDescriptor domainEvents() {
		Map<FailureReason, Map<String, Long>> failed = new EnumMap<>(FailureReason.class);
		Map<FailureReason, Long> rejected = new EnumMap<>(FailureReason.class);
		for (FailureReason reason : FailureReason.values()) {
			long notWritten = this.publisher.failedCount(reason, false);
			long possiblyWritten = this.publisher.failedCount(reason, true);
			if (notWritten + possiblyWritten > 0) {
				failed.put(reason, Map.of("notWritten", notWritten, "possiblyWritten", possiblyWritten));
			}
			long refused = this.publisher.rejectedCount(reason);
			if (refused > 0) {
				rejected.put(reason, refused);
			}
		}
		return new DomainEventsDescriptor(this.configuration, this.publisher.stats(),
				this.publisher.oldestPendingAge().toMillis(), failed, rejected, this.publisher.recentFailures());
	}

	static Map<String, Object> sanitize(Map<String, ?> configuration) {
		Map<String, Object> sanitized = new TreeMap<>();
		configuration.forEach((key, value) -> sanitized.put(key, isSecret(key) ? MASK : displayable(value)));
		return sanitized;
	}

	private static boolean isSecret(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
				|| lower.contains("token") || lower.contains("credential") || lower.endsWith(".key")
				|| lower.contains("keystore.key") || lower.contains("sslbundle");
	}

	private static Object displayable(Object value) {
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		if (value instanceof Class<?> type) {
			return type.getName();
		}
		// Objects such as an SslBundle are shown by type only: their toString may reveal key material.
		return value.getClass().getName();
	}

	/**
	 * What the endpoint shows.
	 *
	 * @param configuration the configuration in effect, secrets masked
	 * @param stats the ledger
	 * @param oldestPendingAgeMillis how long the oldest pending event has waited
	 * @param failed failures of accepted events by reason and class
	 * @param rejected refused calls by reason
	 * @param recentFailures the latest failures, oldest first
	 * @since 0.1.0
	 */
	public record DomainEventsDescriptor(Map<String, Object> configuration, PublisherStats stats,
			long oldestPendingAgeMillis, Map<FailureReason, Map<String, Long>> failed,
			Map<FailureReason, Long> rejected, List<RecentFailure> recentFailures) {
	}


}
