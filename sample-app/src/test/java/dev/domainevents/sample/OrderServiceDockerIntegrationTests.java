/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alternative to {@code @WithKafkaBroker} where a Docker engine exists: Testcontainers' Kafka with Spring Boot's
 * {@code @ServiceConnection}, whose {@code KafkaConnectionDetails} the publisher reads like Boot's own clients do.
 * Needs Docker, so only {@code mvn verify -Pdocker} runs it: the default build leaves every
 * {@code *DockerIntegrationTests} out of Failsafe's run (it is compiled, not skipped).
 */
@Testcontainers
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrderServiceDockerIntegrationTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

	@LocalServerPort
	private int port;

	@Autowired
	private OrderEventsListener listener;

	@Test
	void anOrderTravelsThroughTheContainerToTheListener() {
		OrderReceipt receipt = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"customerId\":\"c-42\",\"total\":12.50}")
			.retrieve()
			.toEntity(OrderReceipt.class)
			.getBody();

		assertThat(receipt).isNotNull();
		assertThat(receipt.topic()).isEqualTo("orders");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.listener.recentEvents())
				.anySatisfy((event) -> assertThat(event.eventId()).isEqualTo(receipt.eventId())));
	}

}
