/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;
import dev.domainevents.publisher.observation.DomainEventPublishObservationConvention;

/**
 * Observes the auto-configured publisher's publications with the application's {@link ObservationRegistry}, once
 * {@code domain-events.publisher.observations.enabled=true}: each event becomes a {@code domain.events.publish}
 * observation, a child of the caller's current observation and the parent of the Kafka send, whose propagation writes
 * the trace headers into the record. Off by default, as spring-kafka's per-record observation is
 * ({@code spring.kafka.template.observation-enabled}): an observation per event costs CPU and allocation that the
 * publisher's own meters do without. Boot's {@code management.observations.enable.domain.events.publish=false} turns
 * off the publish observation alone.
 * <p>
 * A {@link DomainEventPublishObservationConvention} bean names the observation and gives its keys instead of the
 * default convention, to rename it or add keys.
 *
 * @since 0.1.0
 * @see KafkaDomainEventPublisherBuilder#observationRegistry(ObservationRegistry)
 */
@AutoConfiguration(before = DomainEventPublisherAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "domain-events.publisher.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "domain-events.publisher.observations.enabled")
public final class DomainEventPublisherObservationAutoConfiguration {

	/**
	 * Gives the publisher's builder the application's registry and, if it defines one, its observation convention.
	 * The registry is looked up when the publisher is built, and only if it is unique, as spring-kafka's own template
	 * does: with several registries and no primary one, nothing is observed rather than the startup failing. Several
	 * conventions and no primary one fail the startup: each would rename the observation differently.
	 * @param observationRegistry the application's registry
	 * @param observationConvention the application's convention of the publish observation, if any
	 * @return the customizer
	 */
	@Bean
	DomainEventPublisherBuilderCustomizer domainEventPublisherObservation(
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DomainEventPublishObservationConvention> observationConvention) {
		return (builder) -> {
			observationRegistry.ifUnique(builder::observationRegistry);
			observationConvention.ifAvailable(builder::observationConvention);
		};
	}

}
