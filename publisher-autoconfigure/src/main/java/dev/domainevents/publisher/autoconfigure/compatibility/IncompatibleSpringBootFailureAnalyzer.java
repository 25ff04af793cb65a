/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure.compatibility;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link IncompatibleSpringBootException} into Spring Boot's "APPLICATION FAILED TO START" report, without a
 * stack trace: the only way out is an upgrade, and the trace would point at our initializer, not at the build.
 */
final class IncompatibleSpringBootFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleSpringBootException> {

	static final String STARTER = "dev.domainevents:domain-event-publisher-spring-boot-starter";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleSpringBootException cause) {
		String description = "The Domain Event Publisher starter (" + STARTER + ") requires "
				+ IncompatibleSpringBootException.REQUIRED + ", but the application runs on Spring Boot "
				+ cause.getSpringBootVersion() + " (" + cause.getFoundAlongside() + ").";
		String action = "Upgrade the application to Spring Boot 4.0.x. There is no release of this starter for Spring "
				+ "Boot 3: on Spring Boot 3, remove " + STARTER + " from the application's dependencies.";
		return new FailureAnalysis(description, action, cause);
	}

}
