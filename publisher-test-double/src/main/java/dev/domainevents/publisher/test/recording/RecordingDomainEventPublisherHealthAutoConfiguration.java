/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Stands in for the starter's health indicator, which backs off with its publisher, while the recording publisher is
 * in use: health groups that name {@code domainEventPublisher} keep their member.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RecordingDomainEventPublisherAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RecordingDomainEventPublisher.class)
public final class RecordingDomainEventPublisherHealthAutoConfiguration {

	/**
	 * A health indicator that is always up. Spring Boot names it after the bean: {@code domainEventPublisher}.
	 * @return the health indicator
	 */
	@Bean
	@ConditionalOnMissingBean(name = "domainEventPublisherHealthIndicator")
	HealthIndicator domainEventPublisherHealthIndicator() {
		return () -> Health.up().withDetail("publisher", "recording").build();
	}

}
