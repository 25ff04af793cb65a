/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.StubPublisherInspection;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherActuatorAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicator with a journal, read from a stub inspection's journal state: its details, DOWN on a problem,
 * and a warning (still UP) beyond 80 % of its bound.
 */
class DomainEventPublisherJournalHealthTests {

	private static final long MIB = 1024 * 1024;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
				DomainEventPublisherActuatorAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

	@Test
	void aHealthyJournalIsUpAndShowsWhatItHolds() {
		withJournal(StubPublisherInspection.journal(300 * MIB, 1024 * MIB, null), (health) -> {
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(journalDetails(health)).containsEntry("mode", "ON_FAILURE")
				.containsEntry("heldEvents", 42L)
				.containsEntry("heldBytes", 300 * MIB)
				.containsEntry("maxBytes", 1024 * MIB)
				.containsEntry("oldestHeldAgeMillis", 90_000L)
				.containsEntry("saturation", 0.293)
				.doesNotContainKeys("problem", "warning");
		});
	}

	@Test
	void aJournalProblemTurnsTheHealthDownAndSaysWhy() {
		String problem = "segment 00000000000000000042.seg: a record failed its CRC at offset 4096, quarantined";
		withJournal(StubPublisherInspection.journal(MIB, 1024 * MIB, problem), (health) -> {
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "the journal has a problem: " + problem);
			assertThat(journalDetails(health)).containsEntry("problem", problem);
		});
	}

	@Test
	void aJournalBeyondEightyPercentOfItsBoundWarnsButStaysUp() {
		withJournal(StubPublisherInspection.journal(820 * MIB, 1000 * MIB, null), (health) -> {
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(journalDetails(health)).containsEntry("saturation", 0.82)
				.hasEntrySatisfying("warning", (warning) -> assertThat(warning).asString()
					.startsWith("the journal holds 82 % of its max-bytes")
					.contains("JOURNAL_FULL"));
		});
	}

	@Test
	void aJournalAtExactlyEightyPercentDoesNotWarnYet() {
		withJournal(StubPublisherInspection.journal(800 * MIB, 1000 * MIB, null),
				(health) -> assertThat(journalDetails(health)).doesNotContainKey("warning"));
	}

	@Test
	void withoutAJournalTheDetailsHaveNoJournalSection() {
		this.contextRunner.withBean(PublisherInspection.class, () -> new StubPublisherInspection(null))
			.run((context) -> {
				Health health = context.getBean(DomainEventPublisherHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).doesNotContainKey("journal");
			});
	}

	private void withJournal(PublisherInspection.JournalState journal, java.util.function.Consumer<Health> check) {
		this.contextRunner.withBean(PublisherInspection.class, () -> new StubPublisherInspection(journal))
			.run((context) -> check.accept(context.getBean(DomainEventPublisherHealthIndicator.class).health()));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> journalDetails(Health health) {
		assertThat(health.getDetails()).containsKey("journal");
		return (Map<String, Object>) health.getDetails().get("journal");
	}

}
