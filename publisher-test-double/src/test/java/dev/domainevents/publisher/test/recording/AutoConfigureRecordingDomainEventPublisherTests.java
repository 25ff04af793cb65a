/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherProperties;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

import static dev.domainevents.publisher.test.recording.PublishedEventsAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} of an application with the starter gets the recording publisher with one annotation, and
 * each test method starts with a fresh recording.
 */
@SpringBootTest(classes = AutoConfigureRecordingDomainEventPublisherTests.Application.class)
@AutoConfigureRecordingDomainEventPublisher
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureRecordingDomainEventPublisherTests {

	@Autowired
	private DomainEventPublisher publisher;

	@Autowired
	private RecordingDomainEventPublisher recording;

	@Autowired
	private org.springframework.context.ApplicationContext context;

	@Test
	@Order(1)
	void theApplicationsPublisherIsTheRecordingOne() {
		assertThat(this.publisher).isSameAs(this.recording);
		assertThat(this.context.getBeansOfType(KafkaDomainEventPublisher.class)).isEmpty();
		// The starter's auto-configuration ran: only its publisher backed off.
		assertThat(this.context.getBeansOfType(DomainEventPublisherProperties.class)).hasSize(1);

		this.recording.forNext(5).thenFail(FailureReason.QUEUE_FULL);
		this.publisher.publish("an event");

		assertThat(this.recording).hasPublishedExactly("an event");
	}

	@Test
	@Order(2)
	void theNextTestStartsWithNothingRecordedAndNoRules() {
		assertThat(this.recording).hasNothingPublished();

		assertThat(this.publisher.publish("another event")).isCompleted();
	}

	@Test
	@Order(3)
	void aHealthIndicatorThatIsAlwaysUpStandsInForTheStartersOne() {
		assertThat(this.context.getBean("domainEventPublisherHealthIndicator", HealthIndicator.class).health())
			.satisfies((health) -> assertThat(health.getStatus()).isEqualTo(Status.UP));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
