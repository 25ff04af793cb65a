/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.List;

import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * Spring Boot's Kafka connection details of a {@link KafkaBroker}: its bootstrap servers for every client, plaintext.
 * A class of its own, loaded only where {@code spring-boot-kafka} is on the class path.
 * @param broker the broker
 */
record BrokerConnectionDetails(KafkaBroker broker) implements KafkaConnectionDetails {

	static RootBeanDefinition beanDefinition(KafkaBroker broker) {
		return new RootBeanDefinition(KafkaConnectionDetails.class, () -> new BrokerConnectionDetails(broker));
	}

	@Override
	public List<String> getBootstrapServers() {
		// Asked each time: a restarted broker keeps its port, but nothing is gained by copying it.
		return List.of(this.broker.bootstrapServers());
	}

}
