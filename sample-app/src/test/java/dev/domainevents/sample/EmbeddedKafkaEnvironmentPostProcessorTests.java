/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.domainevents.publisher.test.ProcessKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * When the post-processor starts a broker and when it leaves the configured cluster alone, without starting a real
 * broker.
 */
class EmbeddedKafkaEnvironmentPostProcessorTests {

	private static final DeferredLogFactory immediateLogs = Supplier::get;

	private final DefaultBootstrapContext bootstrapContext = new DefaultBootstrapContext();

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void aConfiguredClusterStartsNoBroker() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml",
					Map.of("spring.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092")));

		postProcessor(() -> {
			throw new AssertionError("No broker should start");
		}).postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getPropertySources()
			.contains(EmbeddedKafkaEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("kafka-1:9092,kafka-2:9092");
	}

	@Test
	void anEnvironmentVariableInAnyFormSpringBootAcceptsCountsAsConfigured() {
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "kafka:9092")));

		assertThat(EmbeddedKafkaEnvironmentPostProcessor.isClusterConfigured(this.environment)).isTrue();
	}

	@Test
	void withoutAClusterTheBrokersAddressComesFirstAndTheOrdersTopicHasThreePartitions() {
		// Even a lower-priority source that names another property of spring.kafka leaves the broker in charge.
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of("spring.kafka.client-id", "orders")));
		ProcessKafkaBroker broker = mock(ProcessKafkaBroker.class);
		given(broker.bootstrapServers()).willReturn("127.0.0.1:40123");

		postProcessor(() -> broker).postProcessEnvironment(this.environment, new SpringApplication());

		then(broker).should().createTopic("orders", 3);
		assertThat(this.environment.getPropertySources().iterator().next().getName())
			.isEqualTo(EmbeddedKafkaEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:40123");
	}

	@Test
	void theBrokerBecomesABeanThatTheContextCloses() {
		ProcessKafkaBroker broker = mock(ProcessKafkaBroker.class);
		given(broker.bootstrapServers()).willReturn("127.0.0.1:40123");
		postProcessor(() -> broker).postProcessEnvironment(this.environment, new SpringApplication());
		GenericApplicationContext context = new GenericApplicationContext();

		this.bootstrapContext.close(context);
		context.refresh();
		assertThat(context.getBean(EmbeddedKafkaEnvironmentPostProcessor.BEAN_NAME)).isSameAs(broker);
		context.close();

		then(broker).should().close();
	}

	@Test
	void aBrokerThatCannotStartFailsStartupNamingTheWayOut() {
		EmbeddedKafkaEnvironmentPostProcessor postProcessor = postProcessor(() -> {
			throw new IllegalStateException("The broker's JVM exited with status 1 while starting");
		});

		assertThatIllegalStateException()
			.isThrownBy(() -> postProcessor.postProcessEnvironment(this.environment, new SpringApplication()))
			.withMessageContaining("set spring.kafka.bootstrap-servers");
	}

	private EmbeddedKafkaEnvironmentPostProcessor postProcessor(Supplier<ProcessKafkaBroker> brokerStarter) {
		return new EmbeddedKafkaEnvironmentPostProcessor(immediateLogs, this.bootstrapContext, brokerStarter);
	}

}
