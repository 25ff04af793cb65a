/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.domainevents.publisher.DomainEventPublisher;

/**
 * Defines the {@link RecordingDomainEventPublisher} of {@link AutoConfigureRecordingDomainEventPublisher}, before the
 * starter's auto-configuration, whose Kafka publisher then backs off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration")
public final class RecordingDomainEventPublisherAutoConfiguration {

	/**
	 * The recording publisher, unless the application defines a publisher of its own.
	 * @return the recording publisher
	 */
	@Bean
	@ConditionalOnMissingBean(DomainEventPublisher.class)
	RecordingDomainEventPublisher recordingDomainEventPublisher() {
		return new RecordingDomainEventPublisher();
	}

}
