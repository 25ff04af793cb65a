/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.routing.EventRouter;

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
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("domain-events.publisher.source", Payloads.SOURCE);
		properties.put("domain-events.publisher.overflow-policy", "block");
		properties.put("domain-events.publisher.max-block", CLOSE_TIMEOUT.toMillis() + "ms");
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
		EventRouter router = (event) -> new EventRoute(topic, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE);
		// The harness logs with slf4j-simple; Boot's logging system would reconfigure it.
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		this.context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.initializers((context) -> context.getBeanFactory().registerSingleton("benchEventRouter", router))
			.run();
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

	/** The application: nothing of its own but auto-configuration. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BenchApplication {

	}

}
