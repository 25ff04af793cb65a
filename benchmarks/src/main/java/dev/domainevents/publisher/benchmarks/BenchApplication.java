/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.routing.EventRouter;

/**
 * The Spring Boot application the starter's peers run in: nothing of its own but auto-configuration, the route of the
 * benchmark's events, and what a peer adds. Every starter on the class path (actuator, Prometheus, tracing) applies
 * on its defaults.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class BenchApplication {

	/**
	 * Starts the application.
	 * @param topic where the benchmark's events go
	 * @param settings the peer's properties, beside the source and the {@code block} policy every peer has
	 * @param beans the peer's own beans, by name
	 * @return the running application
	 */
	static ConfigurableApplicationContext start(String topic, Map<String, String> settings, Map<String, Object> beans) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("domain-events.publisher.source", Payloads.SOURCE);
		properties.put("domain-events.publisher.overflow-policy", "block");
		properties.putAll(settings);
		EventRouter router = (event) -> new EventRoute(topic, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE);
		// The harness logs with slf4j-simple; Boot's logging system would reconfigure it.
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		return new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("benchEventRouter", router);
				beans.forEach(context.getBeanFactory()::registerSingleton);
			})
			.run();
	}

}
