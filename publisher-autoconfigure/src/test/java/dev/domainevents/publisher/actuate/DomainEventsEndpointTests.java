/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DomainEventsEndpoint}, without a broker: events to an unreachable cluster fail at their deadline.
 */
class DomainEventsEndpointTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class, DomainEventPublisherActuatorAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "management.endpoints.web.exposure.include=*",
				"spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
						+ "required username=\"app\" password=\"very-secret\";",
				"spring.kafka.ssl.key-password=also-secret", "domain-events.publisher.delivery-timeout=2s",
				"domain-events.publisher.default-topic=orders");

	@Test
	void showsTheConfigurationWithSecretsMaskedTheCountersAndTheLatestFailures() {
		this.contextRunner.run((context) -> {
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			publisher.publish(EventMessage.of("e").withEventId("event-1"));
			publisher.publish(EventMessage.of("forged").withHeader("ce_type", "x"));
			await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().failed() == 1);

			DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
				.domainEvents();

			assertThat(described.configuration()).containsEntry("producer.bootstrap.servers", java.util.List.of("127.0.0.1:1"))
				.containsEntry("producer.sasl.jaas.config", DomainEventsEndpoint.MASK)
				.containsEntry("producer.ssl.key.password", DomainEventsEndpoint.MASK)
				.containsEntry("default-topic", "orders")
				.containsEntry("delivery-timeout", "PT2S");
			assertThat(described.toString()).doesNotContain("very-secret").doesNotContain("also-secret");
			assertThat(described.stats().accepted()).isEqualTo(1);
			assertThat(described.rejected()).containsEntry(FailureReason.INVALID_EVENT, 1L);
			assertThat(described.failed()).containsKey(FailureReason.TOPIC_UNAVAILABLE);
			assertThat(described.recentFailures()).singleElement().satisfies((failure) -> {
				assertThat(failure.eventId()).isEqualTo("event-1");
				assertThat(failure.topic()).isEqualTo("orders");
				assertThat(failure.reason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
				assertThat(failure.eventType()).isEqualTo(String.class.getName());
			});
		});
	}

	@Test
	void theHealthIndicatorAndTheEndpointBackOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("management.health.domainEventPublisher.enabled=false",
					"management.endpoint.domainevents.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventPublisherHealthIndicator.class)
				.doesNotHaveBean(BrokerProbe.class)
				.doesNotHaveBean(DomainEventsEndpoint.class)
				.hasSingleBean(KafkaDomainEventPublisher.class));
	}


}
