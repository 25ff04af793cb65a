/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import dev.domainevents.publisher.DomainEventPublisher;

/**
 * The starter as a user gets it: the {@code DomainEventPublisher} bean of a Spring Boot application with the starter,
 * actuator, the Prometheus registry and (for the tracing variant) Micrometer Tracing over OpenTelemetry on the class
 * path, every one on its defaults. Only what every peer shares is set: the broker, the producer settings, the route
 * and the {@code block} policy that the throughput phase gives the publisher too.
 */
final class StarterSender extends Sender {

	private final ConfigurableApplicationContext context;

	private final DomainEventPublisher publisher;

	StarterSender(String bootstrapServers, String topic, Payloads payloads, Duration requestTimeout,
			boolean tracing) {
		super(payloads, topic);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("domain-events.publisher.overflow-timeout", CLOSE_TIMEOUT.toMillis() + "ms");
		ProducerSettings.common(bootstrapServers, tracing ? "bench-starter-tracing" : "bench-starter", requestTimeout)
			.forEach((name, value) -> properties.put("domain-events.publisher.producer." + name, String.valueOf(value)));
		if (tracing) {
			// Every publication observed and its trace sampled, the costliest a tracing user can choose.
			properties.put("domain-events.publisher.observations.enabled", "true");
			properties.put("management.tracing.sampling.probability", "1.0");
		}
		else {
			properties.put("management.tracing.enabled", "false");
		}
		this.context = BenchApplication.start(topic, properties, Map.of());
		this.publisher = this.context.getBean(DomainEventPublisher.class);
	}

	@Override
	void send(long index, Outcome outcome) {
		this.publisher.publish(this.payloads.event(index)).whenComplete((receipt, error) -> outcome.completed(error));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
