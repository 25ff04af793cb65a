/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WithKafkaBroker(dedicated = true)} on a {@code @SpringBootTest}: the application context gets the class's
 * own broker, the one a fault test kills and restarts (which {@link ProcessKafkaBrokerFaultIntegrationTests} tests; a
 * second broker start is not worth it here).
 */
@SpringBootTest(classes = SpringKafkaBrokerIntegrationTests.Application.class)
@WithKafkaBroker(dedicated = true, topics = "dedicated-orders")
class DedicatedSpringKafkaBrokerIntegrationTests {

	@Autowired
	private ProcessKafkaBroker broker;

	@Autowired
	private KafkaConnectionDetails connectionDetails;

	@Test
	void theApplicationContextGetsTheDedicatedBrokerOfTheClass(ProcessKafkaBroker parameter) {
		assertThat(this.broker).isSameAs(parameter);
		assertThat(this.connectionDetails.getBootstrapServers()).containsExactly(this.broker.bootstrapServers());
	}

}
