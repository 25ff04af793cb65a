/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording publisher's auto-configuration takes the place of the starter's Kafka publisher.
 */
class RecordingDomainEventPublisherAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class));

	@Test
	void withoutItTheStarterDefinesItsKafkaPublisher() {
		this.runner.run((context) -> assertThat(context).getBean(DomainEventPublisher.class)
			.isInstanceOf(KafkaDomainEventPublisher.class));
	}

	@Test
	void withItTheRecordingPublisherIsTheOnlyPublisher() {
		this.runner.withConfiguration(AutoConfigurations.of(RecordingDomainEventPublisherAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(DomainEventPublisher.class)
					.hasSingleBean(RecordingDomainEventPublisher.class)
					.doesNotHaveBean(KafkaDomainEventPublisher.class);
			});
	}

	@Test
	void aPublisherTheApplicationDefinesWins() {
		this.runner.withConfiguration(AutoConfigurations.of(RecordingDomainEventPublisherAutoConfiguration.class))
			.withBean("ownPublisher", DomainEventPublisher.class, OwnPublisher::new)
			.run((context) -> assertThat(context).getBean(DomainEventPublisher.class)
				.isInstanceOf(OwnPublisher.class));
	}

	/** A publisher of the application's own. */
	static class OwnPublisher extends RecordingDomainEventPublisher {

	}

}
