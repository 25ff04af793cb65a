/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure.compatibility;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the application runs on a Spring Boot the starter does not support. Its message says what it
 * found and what it needs on its own, for the cases where no failure analyzer reports it (a context started without
 * {@code SpringApplication}).
 */
final class IncompatibleSpringBootException extends IllegalStateException {

	static final String REQUIRED = "Spring Boot 4.0.x (with Spring Framework 7, spring-kafka 4.0, kafka-clients 4.1 and "
			+ "Jackson 3)";

	private final @Nullable String springBootVersion;

	private final String foundAlongside;

	IncompatibleSpringBootException(@Nullable String springBootVersion, String foundAlongside) {
		super("Domain Event Publisher requires " + REQUIRED + ", but the application runs on Spring Boot "
				+ springBootVersion + " (" + foundAlongside + ")");
		this.springBootVersion = springBootVersion;
		this.foundAlongside = foundAlongside;
	}

	@Nullable String getSpringBootVersion() {
		return this.springBootVersion;
	}

	String getFoundAlongside() {
		return this.foundAlongside;
	}

}
