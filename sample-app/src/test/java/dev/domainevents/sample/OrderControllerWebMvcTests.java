/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.test.recording.AutoConfigureRecordingDomainEventPublisher;
import dev.domainevents.publisher.test.recording.RecordingDomainEventPublisher;

import static dev.domainevents.publisher.test.recording.PublishedEventsAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller in Spring MVC's slice: {@code @WebMvcTest} starts no publisher of its own, and one annotation gives it
 * the recording one. The futures the controller returns are asynchronous results, which {@link MockMvcTester} waits
 * for.
 */
@WebMvcTest(OrderController.class)
@AutoConfigureRecordingDomainEventPublisher
class OrderControllerWebMvcTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RecordingDomainEventPublisher publisher;

	@Test
	void anOrderIsAnswered201AndItsEventIsRecorded() {
		assertThat(this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"c-42\",\"total\":12.50}")).hasStatus(201)
			.bodyJson()
			.extractingPath("$.eventId")
			.isEqualTo("event-1");
		assertThat(this.publisher).hasPublishedCount(1).hasPublished(OrderPlaced.class);
	}

	@Test
	void aFailureARetryCannotFixIsAnswered422() {
		this.publisher.whenType(OrderPlaced.class).thenFail(FailureReason.RECORD_TOO_LARGE);

		assertThat(this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"c-42\",\"total\":12.50}")).hasStatus(422)
			.bodyJson()
			.extractingPath("$.reason")
			.isEqualTo("RECORD_TOO_LARGE");
	}

}
