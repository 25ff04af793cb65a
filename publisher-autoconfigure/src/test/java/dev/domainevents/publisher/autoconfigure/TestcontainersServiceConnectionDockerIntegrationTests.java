/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.routing.DomainEvent;
import dev.domainevents.publisher.routing.EventKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's Testcontainers {@code KafkaContainer} with {@code @ServiceConnection} drives the publisher: no
 * {@code spring.kafka.bootstrap-servers} is set, so the connection details are the only way to the broker. Needs a
 * Docker engine, so it runs only with {@code mvn verify -Pdocker}.
 */
@Testcontainers
@SpringBootTest(classes = TestcontainersServiceConnectionDockerIntegrationTests.Application.class)
class TestcontainersServiceConnectionDockerIntegrationTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

	@DomainEvent(topic = "testcontainers-orders")
	record OrderPlaced(String orderId, @EventKey String customerId) {
	}

	@Autowired
	private DomainEventPublisher publisher;

	@Test
	void thePublisherReachesTheContainerThroughItsServiceConnection() throws Exception {
		PublishReceipt receipt = this.publisher.publish(new OrderPlaced("o-1", "c-1")).get(60, TimeUnit.SECONDS);

		assertThat(receipt.topic()).isEqualTo("testcontainers-orders");
		assertThat(receipt.offset()).isNotNegative();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
			DomainEventPublisherAutoConfiguration.class })
	static class Application {

	}

}
