/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of a publication and gives its keys. Implement it, usually by extending
 * {@link DefaultDomainEventPublishObservationConvention}, to rename the observation or add keys, and give it to the
 * publisher's builder (or, with Spring Boot, define it as a bean).
 * <p>
 * The convention is asked for its keys when the observation starts, on the caller's thread, and again when it stops,
 * on a completion thread, once the context {@linkplain DomainEventPublishContext#isCompleted() knows the outcome}. It
 * must be quick, must not block and should not throw: an exception costs the event its observation, never its
 * publication.
 *
 * @since 0.1.0
 * @see DomainEventPublishObservation
 */
public interface DomainEventPublishObservationConvention extends ObservationConvention<DomainEventPublishContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DomainEventPublishContext;
	}

}
