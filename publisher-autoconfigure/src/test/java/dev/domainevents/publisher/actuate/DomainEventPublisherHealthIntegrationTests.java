/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health indicator on a real broker that is paused and resumed, under traffic and idle. Documented bounds,
 * with the settings used here: under traffic DOWN within {@code stuck-after} (2 s) of the oldest pending event's
 * acceptance; idle, with health requests every 100 ms, DOWN within {@code probe-interval + probe-timeout} (2 s) and
 * the time between two requests; UP again within a probe interval of the broker answering.
 */
@WithKafkaBroker(dedicated = true)
class DomainEventPublisherHealthIntegrationTests {

	private final ProcessKafkaBroker broker;

	DomainEventPublisherHealthIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
	}

	@AfterEach
	void resume() {
		if (this.broker.isPaused()) {
			this.broker.resume();
		}
	}

	private ApplicationContextRunner contextRunner(String topic) {
		this.broker.createTopic(topic, 3);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class, DomainEventPublisherActuatorAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
					"domain-events.publisher.default-topic=" + topic, "domain-events.publisher.delivery-timeout=60s",
					"domain-events.publisher.health.stuck-after=2s", "domain-events.publisher.health.probe-interval=1s",
					"domain-events.publisher.health.probe-timeout=1s");
	}

	@Test
	void underTrafficAPausedBrokerTurnsTheHealthDownAndItsResumeUpAgain() {
		contextRunner("health-traffic").run((context) -> {
			DomainEventPublisherHealthIndicator indicator = context.getBean(DomainEventPublisherHealthIndicator.class);
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			publisher.publish("warm-up").get(30, TimeUnit.SECONDS);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

			this.broker.pause();
			long pausedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				publisher.publish("during-pause");
				return indicator.health().getStatus().equals(Status.DOWN);
			});
			long downAfter = System.nanoTime() - pausedAt;
			Health down = indicator.health();
			System.out.println("[health] under traffic: DOWN " + TimeUnit.NANOSECONDS.toMillis(downAfter)
					+ " ms after the pause: " + down.getDetails());
			assertThat(down.getDetails()).containsKeys("queuedEvents", "inFlightEvents", "queueSaturation",
					"lastSuccess", "reason");

			this.broker.resume();
			long resumedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus().equals(Status.UP));
			System.out.println("[health] under traffic: UP " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt)
					+ " ms after the resume");
			assertThat(downAfter).isLessThan(TimeUnit.SECONDS.toNanos(2 + 2));
		});
	}

	@Test
	void idleAPausedBrokerTurnsTheHealthDownThroughTheProbeAndItsResumeUpAgain() {
		contextRunner("health-idle").run((context) -> {
			DomainEventPublisherHealthIndicator indicator = context.getBean(DomainEventPublisherHealthIndicator.class);
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			publisher.publish("warm-up").get(30, TimeUnit.SECONDS);
			// Idle, and asked, long enough for the probe to have connected and answered.
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> String.valueOf(indicator.health().getDetails().get("lastProbe"))
					.contains("reachable: cluster"));
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

			this.broker.pause();
			long pausedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
				.until(() -> indicator.health().getStatus().equals(Status.DOWN));
			long downAfter = System.nanoTime() - pausedAt;
			System.out.println("[health] idle: DOWN " + TimeUnit.NANOSECONDS.toMillis(downAfter) + " ms after the pause: "
					+ indicator.health().getDetails().get("reason"));
			assertThat(publisher.stats().pending()).as("nothing was published while paused").isZero();

			this.broker.resume();
			long resumedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus().equals(Status.UP));
			System.out.println("[health] idle: UP " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt)
					+ " ms after the resume");
			// probe-interval + probe-timeout, and a second for the spacing of the requests on a loaded machine.
			assertThat(downAfter).isLessThan(TimeUnit.SECONDS.toNanos(1 + 1 + 1));
		});
	}

}
