/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherBuilderCustomizer;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DomainEventsEndpoint}, without a broker: events to an unreachable cluster fail at their deadline.
 */
class DomainEventsEndpointTests {

	private static final String MASK = "******";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class, DomainEventPublisherActuatorAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "management.endpoints.web.exposure.include=*",
				"spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
						+ "required username=\"app\" password=\"very-secret\";",
				"spring.kafka.properties.basic.auth.user.info=registry-user:registry-secret",
				"spring.kafka.ssl.key-password=also-secret", "domain-events.publisher.delivery-timeout=2s",
				"domain-events.publisher.default-topic=orders");

	@Test
	void showsTheConfigurationInEffectTheCountersAndTheLatestFailures() {
		this.contextRunner.run((context) -> {
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			publisher.publish(EventMessage.of("e").withEventId("event-1"));
			publisher.publish(EventMessage.of("forged").withHeader("ce_type", "x"));
			await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().failed() == 1);

			DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
				.domainEvents(SecurityContext.NONE);

			assertThat(described.configuration()).containsEntry("delivery-timeout", "PT2S")
				.containsEntry("metadata-wait", "PT0.05S")
				.containsEntry("queue.max-events", 10_000)
				.containsEntry("overflow-policy", "REJECT")
				.containsEntry("overflow-timeout", "PT1S")
				.containsEntry("journal.mode", "OFF")
				.containsKeys("producer.bootstrap.servers", "producer.max.block.ms", "producer.delivery.timeout.ms",
						"producer.key.serializer", "producer.acks");
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
	void byDefaultEveryProducerValueIsMaskedSecretsIncluded() {
		this.contextRunner.run((context) -> {
			DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
				.domainEvents(SecurityContext.NONE);
			assertThat(described.configuration()).containsEntry("producer.sasl.jaas.config", MASK)
				.containsEntry("producer.basic.auth.user.info", MASK)
				.containsEntry("producer.ssl.key.password", MASK)
				.containsEntry("producer.bootstrap.servers", MASK);
			assertThat(described.toString()).doesNotContain("very-secret")
				.doesNotContain("registry-secret")
				.doesNotContain("also-secret");
		});
	}

	@Test
	void withShowValuesAlwaysTheProducerValuesAreShownInClear() {
		this.contextRunner.withPropertyValues("management.endpoint.domainevents.show-values=always").run((context) -> {
			DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
				.domainEvents(SecurityContext.NONE);
			assertThat(described.configuration())
				.containsEntry("producer.basic.auth.user.info", "registry-user:registry-secret")
				.containsEntry("producer.ssl.key.password", "also-secret")
				.containsEntry("producer.bootstrap.servers", List.of("127.0.0.1:1"))
				.containsEntry("producer.key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
			assertThat(described.configuration().get("producer.sasl.jaas.config")).asString().contains("very-secret");
		});
	}

	@Test
	void withShowValuesAlwaysTheApplicationsSanitizingFunctionsStillMask() {
		this.contextRunner.withPropertyValues("management.endpoint.domainevents.show-values=always")
			// Boot's likely-sensitive keys know passwords, but neither JAAS configurations nor basic auth user info.
			.withBean("likelySensitive", SanitizingFunction.class,
					() -> SanitizingFunction.sanitizeValue().ifLikelySensitive().ifKeyEndsWith(".jaas.config"))
			.withBean("basicAuthUserInfo", SanitizingFunction.class,
					() -> SanitizingFunction.sanitizeValue().ifKeyEndsWith(".user.info"))
			.run((context) -> {
				DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
					.domainEvents(SecurityContext.NONE);
				assertThat(described.configuration()).containsEntry("producer.sasl.jaas.config", MASK)
					.containsEntry("producer.basic.auth.user.info", MASK)
					.containsEntry("producer.ssl.key.password", MASK)
					.containsEntry("producer.bootstrap.servers", List.of("127.0.0.1:1"));
			});
	}

	@Test
	void withShowValuesWhenAuthorizedAnAnonymousCallerSeesMaskedValues() {
		this.contextRunner.withPropertyValues("management.endpoint.domainevents.show-values=when-authorized")
			.run((context) -> assertThat(context.getBean(DomainEventsEndpoint.class)
				.domainEvents(SecurityContext.NONE)
				.configuration()).containsEntry("producer.ssl.key.password", MASK));
	}

	@Test
	void aCustomizersChangeIsWhatTheEndpointShows() {
		this.contextRunner.withPropertyValues("management.endpoint.domainevents.show-values=always")
			.withBean(DomainEventPublisherBuilderCustomizer.class,
					() -> (builder) -> builder.maxQueuedEvents(1234).producerProperty("linger.ms", 42))
			.run((context) -> assertThat(context.getBean(DomainEventsEndpoint.class)
				.domainEvents(SecurityContext.NONE)
				.configuration()).containsEntry("queue.max-events", 1234).containsEntry("producer.linger.ms", 42));
	}

	@Test
	void theEndpointBacksOffWhenItsAccessIsNone() {
		this.contextRunner.withPropertyValues("management.endpoint.domainevents.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventsEndpoint.class)
				.hasSingleBean(DomainEventPublisherHealthIndicator.class)
				.hasSingleBean(KafkaDomainEventPublisher.class));
	}

}
