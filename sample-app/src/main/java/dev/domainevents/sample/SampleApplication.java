/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The order service. It connects to the Kafka cluster of {@code spring.kafka.bootstrap-servers}: run it with
 * {@code mvn -pl sample-app -am spring-boot:run -Dspring-boot.run.arguments=--spring.kafka.bootstrap-servers=host:9092}
 * from the project's root. To run it with a broker of its own instead, run its test application,
 * {@code TestSampleApplication}, with {@code mvn -pl sample-app -am spring-boot:test-run}.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the order service.
	 * @param args the command-line arguments, for example {@code --spring.kafka.bootstrap-servers=kafka:9092}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
