/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure.compatibility;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IncompatibleSpringBootFailureAnalyzer}.
 */
class IncompatibleSpringBootFailureAnalyzerTests {

	private final IncompatibleSpringBootFailureAnalyzer analyzer = new IncompatibleSpringBootFailureAnalyzer();

	@Test
	void theReportSaysWhatTheApplicationRunsOnAndWhatTheStarterNeeds() {
		FailureAnalysis analysis = this.analyzer.analyze(new IncompatibleSpringBootException("3.5.7",
				"Spring Framework 6.2.12, spring-kafka 3.3.10, kafka-clients 3.9.1"));
		assertThat(analysis.getDescription()).isEqualTo("The Domain Event Publisher starter "
				+ "(dev.domainevents:domain-event-publisher-spring-boot-starter) requires Spring Boot 4.0.x (with Spring "
				+ "Framework 7, spring-kafka 4.0, kafka-clients 4.1 and Jackson 3), but the application runs on Spring "
				+ "Boot 3.5.7 (Spring Framework 6.2.12, spring-kafka 3.3.10, kafka-clients 3.9.1).");
		assertThat(analysis.getAction()).isEqualTo("Upgrade the application to Spring Boot 4.0.x. There is no release "
				+ "of this starter for Spring Boot 3: on Spring Boot 3, remove "
				+ "dev.domainevents:domain-event-publisher-spring-boot-starter from the application's dependencies.");
	}

	@Test
	void theExceptionIsFoundWhereverItIsInTheChain() {
		IncompatibleSpringBootException incompatible = new IncompatibleSpringBootException("3.5.7", "...");
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapped", incompatible));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(incompatible);
	}

	@Test
	void otherFailuresAreLeftToTheOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("something else"))).isNull();
	}

}
