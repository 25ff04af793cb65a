/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherMetricsAutoConfiguration;
import dev.domainevents.publisher.metrics.DomainEventPublisherMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the health indicator's auto-configuration and its probe's lifecycle, without a broker.
 */
class DomainEventPublisherHealthIndicatorTests {

	private static final String PROBE_THREAD = "domain-events-broker-probe";

	private static final String ADMIN_THREAD = "kafka-admin-client-thread | domain-events-health";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class, DomainEventPublisherMetricsAutoConfiguration.class,
				DomainEventPublisherActuatorAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

	@Test
	void theIndicatorIsABeanNamedSoThatItContributesAsDomainEventPublisher() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(DomainEventPublisherHealthIndicator.class)
			.hasBean("domainEventPublisherHealthIndicator"));
	}

	@Test
	void theIndicatorIsTurnedOffByItsCanonicalNameAndItsRelaxedSpellings() {
		for (String name : new String[] { DomainEventPublisherActuatorAutoConfiguration.HEALTH_INDICATOR_NAME,
				"domaineventpublisher", "domainEventPublisher" }) {
			this.contextRunner.withPropertyValues("management.health." + name + ".enabled=false")
				.run((context) -> assertThat(context).as(name)
					.doesNotHaveBean(DomainEventPublisherHealthIndicator.class)
					.hasSingleBean(DomainEventPublisher.class));
		}
	}

	@Test
	void theIndicatorFollowsBootsDefaultsUnlessItsOwnPropertySaysOtherwise() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventPublisherHealthIndicator.class));
		this.contextRunner
			.withPropertyValues("management.health.defaults.enabled=false",
					"management.health.domain-event-publisher.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(DomainEventPublisherHealthIndicator.class));
	}

	@Test
	void aPublisherThatCannotBeInspectedGetsNoHealthEndpointOrMetersRatherThanAFailure() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(DomainEventPublisher.class, () -> new DomainEventPublisher() {

				@Override
				public CompletableFuture<PublishReceipt> publish(Object event) {
					return new CompletableFuture<>();
				}

				@Override
				public CompletableFuture<PublishReceipt> publish(EventMessage message) {
					return new CompletableFuture<>();
				}

			})
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean(DomainEventPublisherHealthIndicator.class)
				.doesNotHaveBean(DomainEventsEndpoint.class)
				.doesNotHaveBean(DomainEventPublisherMetrics.class));
	}

	@Test
	void theProbeAsksTheClusterOnlyWhenTheHealthIsAskedForAndStopsWithTheContext() {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.health.probe-interval=1s",
					"domain-events.publisher.health.probe-timeout=1s")
			.run((context) -> {
				DomainEventPublisherHealthIndicator indicator = context.getBean(DomainEventPublisherHealthIndicator.class);
				assertThat(indicator.isRunning()).isTrue();
				await().during(Duration.ofMillis(1500))
					.atMost(Duration.ofSeconds(3))
					.until(() -> !threadAlive(PROBE_THREAD) && !threadAlive(ADMIN_THREAD));

				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
					Health health = indicator.health();
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails().get("reason")).asString().startsWith("the cluster did not answer");
				});
				assertThat(threadAlive(ADMIN_THREAD)).isTrue();

				context.stop();
				assertThat(indicator.isRunning()).isFalse();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !threadAlive(PROBE_THREAD) && !threadAlive(ADMIN_THREAD));
			});
	}

	private static boolean threadAlive(String name) {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((thread) -> thread.getName().equals(name));
	}

}
