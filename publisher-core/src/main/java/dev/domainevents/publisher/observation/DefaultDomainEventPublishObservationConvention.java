/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.observation;

import io.micrometer.common.KeyValues;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.observation.DomainEventPublishObservation.HighCardinalityKeyNames;
import dev.domainevents.publisher.observation.DomainEventPublishObservation.LowCardinalityKeyNames;

/**
 * The default convention of the observation of a publication: named {@value #NAME}, with the contextual name
 * {@code <topic> publish}. Its low-cardinality keys, which become meter tags, are bounded by code: the event type, the
 * messaging system ({@code kafka}) and, once the outcome is known, the failure reason ({@value #NO_FAILURE} on
 * success). Topics are not bounded (an explicit topic may be per tenant), so the topic, like the event id, is a
 * high-cardinality key, seen only by tracing.
 * <p>
 * Extend it to rename the observation or to add keys to these.
 *
 * @since 0.1.0
 */
public class DefaultDomainEventPublishObservationConvention implements DomainEventPublishObservationConvention {

	/** The default convention. */
	public static final DefaultDomainEventPublishObservationConvention INSTANCE = new DefaultDomainEventPublishObservationConvention();

	/** The observation's name, and so the name of its timer. */
	public static final String NAME = "domain.events.publish";

	/** The value of the failure reason of an event that Kafka acknowledged. */
	public static final String NO_FAILURE = "none";

	private static final String MESSAGING_SYSTEM = "kafka";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DomainEventPublishContext context) {
		return context.getTopic() + " publish";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DomainEventPublishContext context) {
		KeyValues keyValues = KeyValues.of(LowCardinalityKeyNames.EVENT_TYPE.withValue(context.getEventType()),
				LowCardinalityKeyNames.MESSAGING_SYSTEM.withValue(MESSAGING_SYSTEM));
		if (!context.isCompleted()) {
			return keyValues;
		}
		PublicationFailedException failure = context.getFailure();
		String reason = (failure != null) ? failure.getReason().name() : NO_FAILURE;
		return keyValues.and(LowCardinalityKeyNames.FAILURE_REASON.withValue(reason));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DomainEventPublishContext context) {
		return KeyValues.of(HighCardinalityKeyNames.EVENT_ID.withValue(context.getEventId()),
				HighCardinalityKeyNames.DESTINATION.withValue(context.getTopic()));
	}

}
