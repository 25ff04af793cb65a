/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.domainevents.publisher.PublicationFailedException;

/**
 * The Micrometer observation of one publication, {@value #NAME}: started on the caller's thread, the parent of the
 * {@code KafkaTemplate} send that the dispatcher makes within its scope, and stopped on the completion executor when
 * the event's outcome is known.
 * <p>
 * Its low-cardinality keys, which become meter tags, are bounded by code: the event type, the messaging system and,
 * once stopped, the failure reason ({@value #NO_FAILURE} on success). Topics are not bounded (an explicit topic may
 * be per tenant), so the topic, like the event id, is a high-cardinality key, seen only by tracing.
 */
final class PublishObservation {

	/** The observation's name, and so the name of its timer. */
	static final String NAME = "domain.events.publish";

	/** The event type ({@code ce_type}); low cardinality. */
	static final String EVENT_TYPE = "domain.events.type";

	/** The messaging system, always {@code kafka}; low cardinality. */
	static final String MESSAGING_SYSTEM = "messaging.system";

	/** The failure reason, or {@value #NO_FAILURE}; low cardinality, set when stopped. */
	static final String FAILURE_REASON = "domain.events.failure.reason";

	/** The event id ({@code ce_id}); high cardinality. */
	static final String EVENT_ID = "domain.events.id";

	/** The topic; high cardinality. */
	static final String DESTINATION = "messaging.destination.name";

	static final String NO_FAILURE = "none";

	private static final Logger logger = LoggerFactory.getLogger(PublishObservation.class);

	private PublishObservation() {
	}

	/**
	 * Starts the observation of a publication, on the caller's thread, so that the caller's current observation is
	 * its parent.
	 * @return the started observation, or {@code null} when the registry or its predicates observe nothing
	 */
	static @Nullable Observation start(ObservationRegistry registry, String topic, String eventType, String eventId) {
		// Checked per event, not once: handlers may be added to a registry after the publisher was built.
		if (registry.isNoop()) {
			return null;
		}
		try {
			// The parent is the registry's current observation, the caller's, set by createNotStarted.
			Observation observation = Observation.createNotStarted(NAME, registry);
			if (observation.isNoop()) {
				return null; // disabled by a predicate, such as management.observations.enable.domain.events.publish
			}
			return observation.contextualName(topic + " publish")
				.lowCardinalityKeyValue(EVENT_TYPE, eventType)
				.lowCardinalityKeyValue(MESSAGING_SYSTEM, "kafka")
				.highCardinalityKeyValue(EVENT_ID, eventId)
				.highCardinalityKeyValue(DESTINATION, topic)
				.start();
		}
		catch (RuntimeException ex) {
			// publish() does not throw for runtime conditions: a failing handler costs the event its observation only.
			logger.warn("Could not start the observation of a domain event publication", ex);
			return null;
		}
	}

	/**
	 * Stops the observation of a publication, with its failure as the error if it failed.
	 * @param observation the observation
	 * @param failure the failure, or {@code null} if the event succeeded
	 */
	static void stop(Observation observation, @Nullable PublicationFailedException failure) {
		try {
			if (failure != null) {
				observation.lowCardinalityKeyValue(FAILURE_REASON, failure.getReason().name()).error(failure);
			}
			else {
				observation.lowCardinalityKeyValue(FAILURE_REASON, NO_FAILURE);
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			// Never let a failing handler keep a caller's future from completing.
			logger.warn("Could not stop the observation of a domain event publication", ex);
		}
	}

}
