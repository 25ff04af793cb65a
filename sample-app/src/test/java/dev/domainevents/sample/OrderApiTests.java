/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.test.recording.AutoConfigureRecordingDomainEventPublisher;
import dev.domainevents.publisher.test.recording.RecordingDomainEventPublisher;

import static dev.domainevents.publisher.test.recording.PublishedEventsAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application over HTTP, without a broker: one annotation puts the recording publisher in place of the
 * Kafka one, and each test starts with a fresh recording.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// The order events listener would try to reach a broker; this test has none.
		properties = "spring.kafka.listener.auto-startup=false")
@AutoConfigureRecordingDomainEventPublisher
class OrderApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingDomainEventPublisher publisher;

	@Test
	void anOrderIsAnswered201AndPublishesOrderPlaced() throws Exception {
		HttpResponse<String> response = post("{\"customerId\":\"c-42\",\"total\":12.50}");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"eventId\":\"event-1\"");
		assertThat(this.publisher).hasPublished(OrderPlaced.class)
			.events()
			.singleElement()
			.isInstanceOfSatisfying(OrderPlaced.class,
					(order) -> assertThat(order.customerId()).isEqualTo("c-42"));
	}

	@Test
	void aRetriableFailureIsAnswered503() throws Exception {
		this.publisher.whenType(OrderPlaced.class).thenFail(FailureReason.QUEUE_FULL);

		HttpResponse<String> response = post("{\"customerId\":\"c-42\",\"total\":10}");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("QUEUE_FULL");
	}

	@Test
	void anIncompleteOrderIsAnswered400WithoutPublishing() throws Exception {
		HttpResponse<String> response = post("{\"customerId\":\" \",\"total\":10}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.publisher).hasNothingPublished();
	}

	private HttpResponse<String> post(String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
