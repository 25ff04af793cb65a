/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.MicrometerProducerListener;

import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.metrics.DomainEventPublisherMetrics;
import dev.domainevents.publisher.routing.AnnotationEventRouter;
import dev.domainevents.publisher.routing.EventRouter;

/**
 * Binds the publisher's meters ({@code domain.events.*}) and its producer's own ({@code kafka.producer.*}) to the
 * application's {@link MeterRegistry}. Only for a publisher that can be inspected: an application's own
 * {@code DomainEventPublisher} that is not a {@link PublisherInspection} gets no meters rather than a failure.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DomainEventPublisherAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(PublisherInspection.class)
@EnableConfigurationProperties(DomainEventPublisherProperties.class)
public final class DomainEventPublisherMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DomainEventPublisherMetrics domainEventPublisherMetrics(ObjectProvider<PublisherInspection> publisher,
			DomainEventPublisherProperties properties, ObjectProvider<EventRouter> router) {
		Set<String> configuredTopics = new HashSet<>(properties.getTopics().values());
		if (properties.getDefaultTopic() != null) {
			configuredTopics.add(properties.getDefaultTopic());
		}
		configuredTopics.addAll(properties.getMetrics().getTopics());
		Predicate<String> knownTopic = (topic) -> configuredTopics.contains(topic)
				|| router.getIfAvailable() instanceof AnnotationEventRouter annotationRouter
						&& annotationRouter.routesTo(topic);
		// Looked up when the meters are bound: the binder is also a listener the publisher is built with.
		return new DomainEventPublisherMetrics(publisher::getObject, knownTopic, properties.getMetrics().isAllTopics(),
				properties.getMetrics().isPercentileHistogram());
	}

	/** Binds the Kafka producer's own metrics (kafka.producer.*) with spring-kafka's listener. */
	@Bean
	DomainEventPublisherBuilderCustomizer domainEventPublisherProducerMetrics(ObjectProvider<MeterRegistry> registry) {
		return (builder) -> registry.ifAvailable((meterRegistry) -> builder.producerFactoryListener(
				new MicrometerProducerListener<>(meterRegistry, List.of(Tag.of("publisher", "domain-events")))));
	}

}
