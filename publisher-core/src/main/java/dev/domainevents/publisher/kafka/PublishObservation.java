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

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.observation.DefaultDomainEventPublishObservationConvention;
import dev.domainevents.publisher.observation.DomainEventPublishContext;
import dev.domainevents.publisher.observation.DomainEventPublishObservation;
import dev.domainevents.publisher.observation.DomainEventPublishObservation.HighCardinalityKeyNames;
import dev.domainevents.publisher.observation.DomainEventPublishObservation.LowCardinalityKeyNames;
import dev.domainevents.publisher.observation.DomainEventPublishObservationConvention;

/**
 * Observes a publisher's publications ({@link DomainEventPublishObservation#PUBLISH}): each observation is started on
 * the caller's thread, is the parent of the {@code KafkaTemplate} send that the dispatcher makes within its scope, and
 * is stopped on the completion executor when the event's outcome is known.
 * <p>
 * The name and keys come from the builder's convention, else from one the registry's configuration gives for the
 * context, else from {@link DefaultDomainEventPublishObservationConvention}.
 */
final class PublishObservation {

	/** The default observation's name, and so the name of its timer. */
	static final String NAME = DefaultDomainEventPublishObservationConvention.NAME;

	/** The event type ({@code ce_type}); low cardinality. */
	static final String EVENT_TYPE = LowCardinalityKeyNames.EVENT_TYPE.asString();

	/** The messaging system, always {@code kafka}; low cardinality. */
	static final String MESSAGING_SYSTEM = LowCardinalityKeyNames.MESSAGING_SYSTEM.asString();

	/** The failure reason, or {@value DefaultDomainEventPublishObservationConvention#NO_FAILURE}; set when stopped. */
	static final String FAILURE_REASON = LowCardinalityKeyNames.FAILURE_REASON.asString();

	/** The event id ({@code ce_id}); high cardinality. */
	static final String EVENT_ID = HighCardinalityKeyNames.EVENT_ID.asString();

	/** The topic; high cardinality. */
	static final String DESTINATION = HighCardinalityKeyNames.DESTINATION.asString();

	private static final Logger logger = LoggerFactory.getLogger(PublishObservation.class);

	private final ObservationRegistry registry;

	private final @Nullable DomainEventPublishObservationConvention convention;

	/**
	 * Creates the observations of a publisher.
	 * @param registry the registry, {@link ObservationRegistry#NOOP} to observe nothing
	 * @param convention the convention that replaces the default one, or {@code null} for none
	 */
	PublishObservation(ObservationRegistry registry, @Nullable DomainEventPublishObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * Starts the observation of a publication, on the caller's thread, so that the caller's current observation is
	 * its parent.
	 * @return the started observation, or {@code null} when the registry or its predicates observe nothing
	 */
	@Nullable Observation start(EventMessage message, String topic, @Nullable String key, String eventType,
			String eventId) {
		// Checked per event, not once: handlers may be added to a registry after the publisher was built. And before
		// the context is created, so that an unobserved publisher allocates nothing for it.
		if (this.registry.isNoop()) {
			return null;
		}
		try {
			DomainEventPublishContext context = new DomainEventPublishContext(message, topic, key, eventType, eventId);
			// Named now, not only when started: the registry picks an observation's handlers when it creates it, and
			// handlers may select by name. (A global convention of the registry's, which applies when the builder has
			// none, renames it when it starts.)
			context.setName(((this.convention != null) ? this.convention
					: DefaultDomainEventPublishObservationConvention.INSTANCE).getName());
			// The parent is the registry's current observation, the caller's, set when the observation is created.
			Observation observation = DomainEventPublishObservation.PUBLISH.observation(this.convention,
					DefaultDomainEventPublishObservationConvention.INSTANCE, () -> context, this.registry);
			if (observation.isNoop()) {
				return null; // disabled by a predicate, such as management.observations.enable.domain.events.publish
			}
			return observation.start();
		}
		catch (RuntimeException ex) {
			// publish() does not throw for runtime conditions: a failing handler or convention costs the event its
			// observation only.
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
			// The convention gives the outcome's keys when the observation stops.
			if (observation.getContext() instanceof DomainEventPublishContext context) {
				context.setOutcome(failure);
			}
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			// Never let a failing handler keep a caller's future from completing.
			logger.warn("Could not stop the observation of a domain event publication", ex);
		}
	}

}
