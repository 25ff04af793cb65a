/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * A Kafka broker for the sample while it is developed and tested: a single-node KRaft broker in a child JVM, from the
 * project's test-support module, with the {@value #TOPIC} topic of {@value #PARTITIONS} partitions. Its address
 * becomes the application's {@link KafkaConnectionDetails}, which Spring Boot's Kafka clients and the publisher use
 * instead of {@code spring.kafka.bootstrap-servers}, as they use a Testcontainers {@code @ServiceConnection}.
 * <p>
 * The broker is a bean whose destruction closes it. The connection details depend on it, and every Kafka client on
 * them, so it is destroyed after the clients, and beans are destroyed only after every lifecycle phase stopped (the
 * listener containers, the web server's graceful shutdown, the publisher's drain). If the application never gets
 * that far, the broker halts by itself once this JVM is gone.
 */
@TestConfiguration(proxyBeanMethods = false)
class SampleKafkaBroker {

	/** The topic created up front, so that it has more than one partition. */
	static final String TOPIC = "orders";

	static final int PARTITIONS = 3;

	private static final Logger logger = LoggerFactory.getLogger(SampleKafkaBroker.class);

	@Bean(destroyMethod = "close")
	ProcessKafkaBroker kafkaBroker() {
		// Auto-creation on, like a developer's local broker: a topic the sample did not create up front still works.
		// Not killed by the JVM's shutdown hook: the context closes it once the publisher drained.
		ProcessKafkaBroker broker = KafkaBrokers.process().autoCreateTopics(true).killedByShutdownHook(false).start();
		try {
			broker.createTopic(TOPIC, PARTITIONS);
		}
		catch (RuntimeException ex) {
			broker.close();
			throw ex;
		}
		logger.info("Started a Kafka broker for the sample at {} (pid {}, log {}) with topic '{}' of {} partitions; "
				+ "it stops with the application", broker.bootstrapServers(), broker.pid(), broker.logFile(), TOPIC,
				PARTITIONS);
		return broker;
	}

	@Bean
	KafkaConnectionDetails kafkaBrokerConnectionDetails(ProcessKafkaBroker kafkaBroker) {
		List<String> bootstrapServers = List.of(kafkaBroker.bootstrapServers());
		return () -> bootstrapServers;
	}

}
