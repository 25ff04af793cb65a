/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.springframework.boot.SpringApplication;

/**
 * The order service with a Kafka broker of its own ({@link SampleKafkaBroker}), for development: run it with
 * {@code mvn -pl sample-app -am spring-boot:test-run} from the project's root. The broker lives in the tests, so that
 * the application itself ({@link SampleApplication}) needs nothing but a cluster.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	/**
	 * Starts a broker, then the order service connected to it.
	 * @param args the command-line arguments of the order service
	 */
	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).with(SampleKafkaBroker.class).run(args);
	}

}
