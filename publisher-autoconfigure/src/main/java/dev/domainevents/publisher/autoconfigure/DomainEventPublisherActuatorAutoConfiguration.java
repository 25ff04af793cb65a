/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.domainevents.publisher.actuate.BrokerProbe;
import dev.domainevents.publisher.actuate.DomainEventPublisherHealthIndicator;
import dev.domainevents.publisher.actuate.DomainEventsEndpoint;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

/**
 * Auto-configures the publisher's health indicator ({@code domainEventPublisher}) and actuator endpoint
 * ({@code domainevents}) when Spring Boot's health and actuator modules are present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DomainEventPublisherAutoConfiguration.class)
@ConditionalOnBean(KafkaDomainEventPublisher.class)
public final class DomainEventPublisherActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("domainEventPublisher")
	static class HealthConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		BrokerProbe domainEventPublisherBrokerProbe(KafkaDomainEventPublisher publisher,
				KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
				DomainEventPublisherProperties properties) {
			return new BrokerProbe(PublisherProducerProperties.admin(kafkaProperties, connectionDetails.getIfAvailable()),
					properties.getHealth().getProbeInterval(), properties.getHealth().getProbeTimeout(),
					publisher::lastSuccess);
		}

		@Bean
		@ConditionalOnMissingBean(name = "domainEventPublisherHealthIndicator")
		DomainEventPublisherHealthIndicator domainEventPublisherHealthIndicator(KafkaDomainEventPublisher publisher,
				BrokerProbe probe, DomainEventPublisherProperties properties) {
			return new DomainEventPublisherHealthIndicator(publisher, probe, properties.getHealth().getStuckAfter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(DomainEventsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DomainEventsEndpoint domainEventsEndpoint(KafkaDomainEventPublisher publisher,
				DomainEventPublisherProperties properties, KafkaProperties kafkaProperties,
				ObjectProvider<KafkaConnectionDetails> connectionDetails, Environment environment) {
			Map<String, Object> configuration = new LinkedHashMap<>();
			configuration.put("source", DomainEventPublisherAutoConfiguration.source(properties, environment));
			configuration.put("default-topic", properties.getDefaultTopic());
			configuration.put("overflow-policy", properties.getOverflowPolicy().name());
			configuration.put("max-block", properties.getMaxBlock().toString());
			configuration.put("delivery-timeout", properties.getDeliveryTimeout().toString());
			configuration.put("metadata-wait", properties.getMetadataWait().toString());
			configuration.put("queue.max-events", publisher.configuration().maxQueuedEvents());
			configuration.put("queue.max-bytes", publisher.configuration().maxQueuedBytes());
			configuration.put("queue.parked-share-per-topic", properties.getQueue().getParkedSharePerTopic());
			configuration.put("in-flight.max-bytes", publisher.configuration().maxInFlightBytes());
			configuration.put("shutdown-timeout",
					DomainEventPublisherAutoConfiguration.shutdownTimeout(properties, environment).toString());
			properties.getTopics().forEach((type, topic) -> configuration.put("topics." + type, topic));
			PublisherProducerProperties
				.merge(kafkaProperties, connectionDetails.getIfAvailable(), properties,
						environment.getProperty("spring.application.name"))
				.forEach((name, value) -> configuration.put("producer." + name, value));
			configuration.values().removeIf(java.util.Objects::isNull);
			return new DomainEventsEndpoint(publisher, configuration);
		}

	}

}
