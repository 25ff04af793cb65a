/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublisherInspection.Configuration;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.PublisherInspection.RecentFailure;
import dev.domainevents.publisher.PublisherStats;

/**
 * The {@code domainevents} actuator endpoint: the configuration the publisher runs with, the queue, the counters, the
 * latest failures (reason, type, topic, event id; never payloads), and the journal's state when it has a journal.
 * <p>
 * The configuration is the publisher's own, as {@link PublisherInspection#configuration()} tells it: after every
 * default, customizer and forced value. The producer's properties are sanitized as Boot's {@code configprops} and
 * {@code env} endpoints sanitize theirs: every value is masked unless {@code showValues} allows it (never by default),
 * and then the application's {@link SanitizingFunction} beans may still mask some. Values that are not text, numbers,
 * booleans or classes, such as an SSL bundle, are shown by type only: their {@code toString} may reveal key material.
 *
 * @since 0.1.0
 */
@Endpoint(id = "domainevents")
public final class DomainEventsEndpoint {

	private final PublisherInspection publisher;

	private final Sanitizer sanitizer;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Creates the endpoint.
	 * @param publisher the publisher
	 * @param sanitizingFunctions what masks values when they may be shown
	 * @param showValues when to show values unmasked
	 * @param roles the roles that may see values unmasked with {@link Show#WHEN_AUTHORIZED}; when empty, every
	 * authenticated user
	 */
	public DomainEventsEndpoint(PublisherInspection publisher, Iterable<SanitizingFunction> sanitizingFunctions,
			Show showValues, Collection<String> roles) {
		this.publisher = publisher;
		this.sanitizer = new Sanitizer(sanitizingFunctions);
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describes the publisher.
	 * @param securityContext who asks, for {@link Show#WHEN_AUTHORIZED}
	 * @return the description
	 */
	@ReadOperation
	public DomainEventsDescriptor domainEvents(SecurityContext securityContext) {
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
		boolean showUnsanitized = this.showValues.isShown(securityContext, this.roles);
		JournalState journal = this.publisher.journal();
		return new DomainEventsDescriptor(configuration(showUnsanitized, journal), this.publisher.stats(),
				this.publisher.oldestPendingAge().toMillis(), failed, rejected, this.publisher.recentFailures(),
				(journal != null) ? journalState(journal) : null);
	}

	// Every component of the state, read from the record itself so that none is left out; durations as ISO-8601, as
	// the configuration shows them.
	private static Map<String, @Nullable Object> journalState(JournalState journal) {
		Map<String, @Nullable Object> described = new LinkedHashMap<>();
		for (RecordComponent component : JournalState.class.getRecordComponents()) {
			Object value;
			try {
				value = component.getAccessor().invoke(journal);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read the journal's " + component.getName(), ex);
			}
			described.put(component.getName(), (value instanceof Duration || value instanceof Enum<?>)
					? value.toString() : value);
		}
		return described;
	}

	private Map<String, Object> configuration(boolean showUnsanitized, @Nullable JournalState journal) {
		Configuration configuration = this.publisher.configuration();
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("source", configuration.source());
		described.put("overflow-policy", configuration.overflowPolicy().name());
		described.put("overflow-timeout", configuration.overflowTimeout().toString());
		described.put("delivery-timeout", configuration.deliveryTimeout().toString());
		described.put("metadata-wait", configuration.metadataWait().toString());
		described.put("queue.max-events", configuration.maxQueuedEvents());
		described.put("queue.max-bytes", configuration.maxQueuedBytes());
		described.put("queue.parked-share-per-topic", configuration.parkedSharePerTopic());
		described.put("in-flight.max-bytes", configuration.maxInFlightBytes());
		described.put("journal.mode", (journal != null) ? journal.mode().name() : JournalMode.OFF.name());
		if (journal != null) {
			described.put("journal.directory", journal.directory());
			described.put("journal.max-bytes", journal.maxBytes());
		}
		new TreeMap<>(configuration.producer()).forEach((name, value) -> {
			String key = "producer." + name;
			Object shown = this.sanitizer.sanitize(new SanitizableData(null, key, displayable(value)), showUnsanitized);
			if (shown != null) {
				described.put(key, shown);
			}
		});
		return described;
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
		return value.getClass().getName();
	}

	/**
	 * What the endpoint shows.
	 *
	 * @param configuration the configuration the publisher runs with, the producer's values sanitized
	 * @param stats the ledger
	 * @param oldestPendingAgeMillis how long the oldest pending event has waited
	 * @param failed failures of accepted events by reason and class
	 * @param rejected refused calls by reason
	 * @param recentFailures the latest failures, oldest first
	 * @param journal every field of the journal's {@linkplain PublisherInspection#journal() state}, durations in
	 * ISO-8601; {@code null} without a journal
	 * @since 0.1.0
	 */
	public record DomainEventsDescriptor(Map<String, Object> configuration, PublisherStats stats,
			long oldestPendingAgeMillis, Map<FailureReason, Map<String, Long>> failed,
			Map<FailureReason, Long> rejected, List<RecentFailure> recentFailures,
			@Nullable Map<String, @Nullable Object> journal) {

		/**
		 * A description of a publisher without a journal.
		 * @param configuration the configuration the publisher runs with
		 * @param stats the ledger
		 * @param oldestPendingAgeMillis how long the oldest pending event has waited
		 * @param failed failures of accepted events by reason and class
		 * @param rejected refused calls by reason
		 * @param recentFailures the latest failures, oldest first
		 */
		public DomainEventsDescriptor(Map<String, Object> configuration, PublisherStats stats,
				long oldestPendingAgeMillis, Map<FailureReason, Map<String, Long>> failed,
				Map<FailureReason, Long> rejected, List<RecentFailure> recentFailures) {
			this(configuration, stats, oldestPendingAgeMillis, failed, rejected, recentFailures, null);
		}

	}

}
