/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The order service. Run it with {@code mvn -pl sample-app -am spring-boot:run} from the project's root; without
 * {@code spring.kafka.bootstrap-servers} it starts a Kafka broker of its own
 * ({@link EmbeddedKafkaEnvironmentPostProcessor}).
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
