/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.actuate.DomainEventPublisherHealthIndicator;
import dev.domainevents.publisher.actuate.DomainEventsEndpoint;

/**
 * Auto-configures the publisher's health indicator and actuator endpoint ({@code domainevents}) when Spring Boot's
 * health and actuator modules are present. Both read the publisher through {@link PublisherInspection}: an
 * application's own {@code DomainEventPublisher} that cannot be inspected gets neither, rather than a failure.
 * <p>
 * The health indicator is named {@value #HEALTH_INDICATOR_NAME}, in Boot's canonical form, so that
 * {@code management.health.domain-event-publisher.enabled=false} turns it off; it contributes as
 * {@code domainEventPublisher}, the name health groups include.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DomainEventPublisherAutoConfiguration.class)
@ConditionalOnSingleCandidate(PublisherInspection.class)
@EnableConfigurationProperties(DomainEventPublisherProperties.class)
public final class DomainEventPublisherActuatorAutoConfiguration {

	/** The canonical name of the health indicator, for {@code management.health.<name>.enabled}. */
	public static final String HEALTH_INDICATOR_NAME = "domain-event-publisher";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(KafkaProperties.class)
	@ConditionalOnEnabledHealthIndicator(HEALTH_INDICATOR_NAME)
	static class HealthConfiguration {

		// Boot names the contributor after the bean, without the HealthIndicator suffix: domainEventPublisher.
		@Bean
		@ConditionalOnMissingBean(name = "domainEventPublisherHealthIndicator")
		DomainEventPublisherHealthIndicator domainEventPublisherHealthIndicator(PublisherInspection publisher,
				KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
				DomainEventPublisherProperties properties) {
			DomainEventPublisherProperties.Health health = properties.getHealth();
			return new DomainEventPublisherHealthIndicator(publisher,
					PublisherProducerProperties.admin(kafkaProperties, connectionDetails.getIfAvailable()),
					health.getStuckAfter(), health.getProbeInterval(), health.getProbeTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(DomainEventsEndpoint.class)
	@EnableConfigurationProperties(DomainEventsEndpointProperties.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DomainEventsEndpoint domainEventsEndpoint(PublisherInspection publisher,
				ObjectProvider<SanitizingFunction> sanitizingFunctions, DomainEventsEndpointProperties properties) {
			return new DomainEventsEndpoint(publisher, sanitizingFunctions.orderedStream().toList(),
					properties.getShowValues(), properties.getRoles());
		}

	}

}
