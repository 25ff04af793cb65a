/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure.compatibility;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.SpringVersion;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SpringBootCompatibilityCheck}: its decisions, on the Spring Boot 4 these tests run on. The
 * compatibility-tests module runs it on a real Spring Boot 3.
 */
class SpringBootCompatibilityCheckTests {

	@ParameterizedTest
	@ValueSource(strings = { "3.5.7", "3.0.0", "3.5.0-SNAPSHOT", "2.7.18" })
	void springBootOlderThanFourFails(String version) {
		assertThatExceptionOfType(IncompatibleSpringBootException.class)
			.isThrownBy(() -> SpringBootCompatibilityCheck.check(version, getClass().getClassLoader()))
			.withMessageContaining("requires Spring Boot 4.0.x")
			.withMessageContaining("runs on Spring Boot " + version)
			.satisfies((ex) -> assertThat(ex.getSpringBootVersion()).isEqualTo(version));
	}

	@Test
	void theFailureNamesTheVersionsItFoundAlongsideSpringBoot() {
		assertThatExceptionOfType(IncompatibleSpringBootException.class)
			.isThrownBy(() -> SpringBootCompatibilityCheck.check("3.5.7", getClass().getClassLoader()))
			.satisfies((ex) -> assertThat(ex.getFoundAlongside()).startsWith(
					"Spring Framework " + SpringVersion.getVersion() + ", spring-kafka 4.0.")
				.containsPattern("kafka-clients 4\\.1\\.\\d+$"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "4.0.7", "4.0.0", "4.0.0-M1", "4.0.8-SNAPSHOT" })
	void springBootFourZeroPasses(String version) {
		assertThat(SpringBootCompatibilityCheck.isSupported(version)).isTrue();
	}

	// A later Boot keeps the auto-configuration API of 4.0 at least deprecated for a minor release, and nothing says
	// that it breaks the starter: failing, or warning on every start, would only stop an application that may work.
	@ParameterizedTest
	@ValueSource(strings = { "4.1.0", "4.1.0-M2", "5.0.0" })
	void laterSpringBootVersionsPass(String version) {
		assertThat(SpringBootCompatibilityCheck.isSupported(version)).isTrue();
	}

	// A shaded or repackaged jar loses the manifest that SpringBootVersion reads: no version is no reason to fail.
	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "unknown", "v3.5.7", "20261202.1" })
	void anUnknownSpringBootVersionPasses(String version) {
		assertThat(SpringBootCompatibilityCheck.isSupported(version)).isTrue();
		assertThatNoException().isThrownBy(() -> SpringBootCompatibilityCheck.check(version, null));
	}

	@Test
	void theSpringBootTheseTestsRunOnPasses() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThatNoException().isThrownBy(() -> new SpringBootCompatibilityCheck().initialize(context));
		}
	}

	@Test
	void springApplicationFindsTheCheckAndItsFailureAnalyzer() {
		SpringFactoriesLoader factories = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader());
		assertThat(new SpringApplication().getInitializers())
			.hasAtLeastOneElementOfType(SpringBootCompatibilityCheck.class);
		// Boot's own analyzers want a bean factory: instantiate ours alone.
		assertThat(factories.load(FailureAnalyzer.class, null, (factoryType, name, failure) -> {
		}))
			.hasAtLeastOneElementOfType(IncompatibleSpringBootFailureAnalyzer.class);
		assertThat(factories.load(ApplicationContextInitializer.class))
			.hasAtLeastOneElementOfType(SpringBootCompatibilityCheck.class);
	}

}
