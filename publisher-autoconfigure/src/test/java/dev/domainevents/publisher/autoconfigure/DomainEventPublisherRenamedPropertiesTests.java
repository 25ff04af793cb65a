/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.StringUtils;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the renamed properties: {@code domain-events.publisher.max-block}, now {@code overflow-timeout}, still
 * binds, with one warning that names its replacement, and the new name wins when both are set.
 */
@ExtendWith(OutputCaptureExtension.class)
class DomainEventPublisherRenamedPropertiesTests {

	private static final String DEPRECATED = "Property 'domain-events.publisher.max-block'";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092",
				"domain-events.publisher.overflow-policy=block");

	@Test
	void theOverflowTimeoutReachesThePublisherWithoutAWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("domain-events.publisher.overflow-timeout=250ms").run((context) -> {
			assertThat(overflowTimeout(context.getBean(KafkaDomainEventPublisher.class)))
				.isEqualTo(Duration.ofMillis(250));
			assertThat(output).doesNotContain(DEPRECATED);
		});
	}

	@Test
	void withNeitherNameTheOverflowTimeoutIsTheBuildersDefault() {
		this.contextRunner.run((context) -> assertThat(overflowTimeout(context.getBean(KafkaDomainEventPublisher.class)))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT));
	}

	@Test
	void theFormerNameMaxBlockStillSetsTheOverflowTimeoutAndOneWarningNamesItsReplacement(CapturedOutput output) {
		this.contextRunner.withPropertyValues("domain-events.publisher.max-block=300ms").run((context) -> {
			assertThat(context.getBean(DomainEventPublisherProperties.class).getOverflowTimeout())
				.isEqualTo(Duration.ofMillis(300));
			assertThat(overflowTimeout(context.getBean(KafkaDomainEventPublisher.class)))
				.isEqualTo(Duration.ofMillis(300));
			assertThat(output).contains("WARN")
				.contains(DEPRECATED + " (\"domain-events.publisher.max-block\" from property source")
				.contains("is deprecated: use 'domain-events.publisher.overflow-timeout' instead");
			assertThat(StringUtils.countOccurrencesOf(output.getAll(), DEPRECATED)).isOne();
		});
	}

	@Test
	void whenBothNamesAreSetTheOverflowTimeoutWinsAndTheWarningSaysMaxBlockIsIgnored(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.max-block=300ms",
					"domain-events.publisher.overflow-timeout=250ms")
			.run((context) -> {
				assertThat(overflowTimeout(context.getBean(KafkaDomainEventPublisher.class)))
					.isEqualTo(Duration.ofMillis(250));
				assertThat(output).contains("is deprecated and ignored, as "
						+ "'domain-events.publisher.overflow-timeout' is set too: remove it");
				assertThat(StringUtils.countOccurrencesOf(output.getAll(), DEPRECATED)).isOne();
			});
	}

	@Test
	void aNegativeMaxBlockFailsStartupNamingTheFormerPropertyAsWritten() {
		this.contextRunner.withPropertyValues("domain-events.publisher.max-block=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property domain-events.publisher.max-block with value '-1s' is invalid: "
						+ "must not be negative"));
	}

	@Test
	void aNegativeOverflowTimeoutFailsStartupNamingIt() {
		this.contextRunner.withPropertyValues("domain-events.publisher.overflow-timeout=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.overflow-timeout with value '-1s' is invalid: "
						+ "must not be negative"));
	}

	private static Duration overflowTimeout(KafkaDomainEventPublisher publisher) {
		return publisher.configuration().overflowTimeout();
	}

}
