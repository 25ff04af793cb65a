/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's properties reach the publisher's builder: read from the builder itself (in its package), as the last
 * customizer sees it just before {@code build()}, since a publisher does not tell its journal's settings until it has
 * a journal.
 */
class JournalPropertiesReachTheBuilderTests {

	private final AtomicReference<KafkaDomainEventPublisherBuilder> built = new AtomicReference<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092")
		.withBean(DomainEventPublisherBuilderCustomizer.class, () -> new LastCustomizer(this.built));

	@Test
	void withoutPropertiesTheBuilderKeepsItsOwnJournalDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			KafkaDomainEventPublisherBuilder builder = this.built.get();
			assertThat(builder.journalMode).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MODE)
				.isEqualTo(JournalMode.OFF);
			assertThat(builder.journalDirectory).isNull();
			assertThat(builder.journalMaxBytes).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MAX_BYTES);
			assertThat(builder.replayInitialBackoff)
				.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_INITIAL_BACKOFF);
			assertThat(builder.replayMaxBackoff).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_MAX_BACKOFF);
		});
	}

	@Test
	void theJournalPropertiesAreTheBuildersSettings(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.journal.mode=on-failure",
					"domain-events.publisher.journal.directory=" + directory,
					"domain-events.publisher.journal.max-bytes=64MB",
					"domain-events.publisher.journal.replay.initial-backoff=250ms",
					"domain-events.publisher.journal.replay.max-backoff=1m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KafkaDomainEventPublisherBuilder builder = this.built.get();
				assertThat(builder.journalMode).isEqualTo(JournalMode.ON_FAILURE);
				assertThat(builder.journalDirectory).isEqualTo(directory);
				assertThat(builder.journalMaxBytes).isEqualTo(64L * 1024 * 1024);
				assertThat(builder.replayInitialBackoff).isEqualTo(Duration.ofMillis(250));
				assertThat(builder.replayMaxBackoff).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void theWriteAheadModeIsBoundFromItsKebabCaseName(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.journal.mode=write-ahead",
					"domain-events.publisher.journal.directory=" + directory)
			.run((context) -> assertThat(this.built.get().journalMode).isEqualTo(JournalMode.WRITE_AHEAD));
	}

	/** Runs after every other customizer, and keeps the builder it was given. */
	@Order(Ordered.LOWEST_PRECEDENCE)
	record LastCustomizer(AtomicReference<KafkaDomainEventPublisherBuilder> built)
			implements DomainEventPublisherBuilderCustomizer {

		@Override
		public void customize(KafkaDomainEventPublisherBuilder builder) {
			this.built.set(builder);
		}

	}

}
