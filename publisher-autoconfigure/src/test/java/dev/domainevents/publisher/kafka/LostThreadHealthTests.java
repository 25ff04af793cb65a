/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.actuate.DomainEventPublisherHealthIndicator;
import dev.domainevents.publisher.routing.EventRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread of the publisher's own that dies turns the health DOWN, with the thread and the error, without Kafka.
 */
class LostThreadHealthTests {

	@Test
	void aThreadThatDiedTurnsTheHealthDownWithItsNameAndError() {
		StubProducer producer = new StubProducer("orders");
		ProducerFactory<byte[], byte[]> factory = () -> producer;
		KafkaDomainEventPublisher publisher = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.router((event) -> new EventRoute("orders", null, null))
			.build();
		try {
			DomainEventPublisherHealthIndicator indicator = new DomainEventPublisherHealthIndicator(publisher, Map.of(),
					Duration.ofSeconds(15), Duration.ofHours(1), Duration.ofSeconds(1));
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

			// An error a worker's loop must not survive, as OutOfMemoryError, kills its thread.
			publisher.workers().start("domain-events-doomed", () -> {
				throw new OutOfMemoryError("simulated");
			});

			await().atMost(Duration.ofSeconds(5)).until(() -> publisher.threadProblem() != null);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason")).asString()
				.contains("domain-events-doomed")
				.contains("OutOfMemoryError: simulated");
		}
		finally {
			publisher.close(Duration.ofSeconds(5));
		}
	}

}
