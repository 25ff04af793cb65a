/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.StubPublisherInspection;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code domainevents} endpoint with a journal, read from a stub inspection's journal state.
 */
class DomainEventsEndpointJournalTests {

	private static final long MIB = 1024 * 1024;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
				DomainEventPublisherActuatorAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "management.endpoints.web.exposure.include=*");

	@Test
	void showsEveryFieldOfTheJournalsStateAndItsConfiguration() {
		String problem = "a record failed its CRC, quarantined";
		this.contextRunner
			.withBean(PublisherInspection.class,
					() -> new StubPublisherInspection(StubPublisherInspection.journal(300 * MIB, 1024 * MIB, problem)))
			.run((context) -> {
				DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
					.domainEvents(SecurityContext.NONE);
				assertThat(described.journal()).containsOnlyKeys(Arrays.stream(JournalState.class.getRecordComponents())
					.map(RecordComponent::getName)
					.toArray(String[]::new));
				assertThat(described.journal()).containsEntry("mode", "ON_FAILURE")
					.containsEntry("directory", "/var/lib/shop/journal")
					.containsEntry("maxBytes", 1024 * MIB)
					.containsEntry("heldEvents", 42L)
					.containsEntry("heldBytes", 300 * MIB)
					.containsEntry("oldestHeldAge", "PT1M30S")
					.containsEntry("appended", 1000L)
					.containsEntry("replayed", 950L)
					.containsEntry("replayRetries", 7L)
					.containsEntry("deadLettered", 3L)
					.containsEntry("quarantined", 2L)
					.containsEntry("fencedKeys", 5)
					.containsEntry("forces", 400L)
					.containsEntry("forceTimeMax", "PT0.012S")
					.containsEntry("forceTimeTotal", "PT0.8S")
					.containsEntry("replayBackoff", "PT0.4S")
					.containsEntry("problem", problem);
				assertThat(described.configuration()).containsEntry("journal.mode", "ON_FAILURE")
					.containsEntry("journal.directory", "/var/lib/shop/journal")
					.containsEntry("journal.max-bytes", 1024 * MIB);
			});
	}

	@Test
	void theJournalsStateIsWrittenAsJson() {
		this.contextRunner
			.withBean(PublisherInspection.class,
					() -> new StubPublisherInspection(StubPublisherInspection.journal(300 * MIB, 1024 * MIB, null)))
			.run((context) -> {
				JsonNode json = new JsonMapper().valueToTree(
						context.getBean(DomainEventsEndpoint.class).domainEvents(SecurityContext.NONE));
				assertThat(json.path("journal").path("oldestHeldAge").asString()).isEqualTo("PT1M30S");
				assertThat(json.path("journal").path("heldBytes").asLong()).isEqualTo(300 * MIB);
				assertThat(json.path("journal").has("problem")).isTrue();
				assertThat(json.path("configuration").path("journal.mode").asString()).isEqualTo("ON_FAILURE");
			});
	}

	@Test
	void withoutAJournalTheEndpointSaysTheModeIsOff() {
		this.contextRunner.withBean(PublisherInspection.class, () -> new StubPublisherInspection(null))
			.run((context) -> {
				DomainEventsEndpoint.DomainEventsDescriptor described = context.getBean(DomainEventsEndpoint.class)
					.domainEvents(SecurityContext.NONE);
				assertThat(described.journal()).isNull();
				assertThat(described.configuration()).containsEntry("journal.mode", "OFF")
					.doesNotContainKeys("journal.directory", "journal.max-bytes");
			});
	}

}
