/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.routing.DomainEvent;
import dev.domainevents.publisher.routing.EventKey;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured publisher on a real broker: routing by annotation and configuration, the CloudEvents source
 * from the application's name, the application's Jackson settings, and a user's completion executor.
 */
@WithKafkaBroker
class DomainEventPublisherAutoConfigurationIntegrationTests {

	@DomainEvent(topic = "autoconfigured-orders", type = "com.example.order.placed")
	record OrderPlaced(String orderId, @EventKey String customerId) {
	}

	record PaymentTaken(String paymentId, @EventKey String accountId) {
	}

	private final KafkaBroker broker;

	@BeforeAll
	static void createTopics(KafkaBroker broker) {
		broker.createTopic("autoconfigured-orders", 3);
		broker.createTopic("autoconfigured-payments", 3);
	}

	private final ApplicationContextRunner contextRunner;

	DomainEventPublisherAutoConfigurationIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"spring.application.name=order-service",
					"domain-events.publisher.topics.PaymentTaken=autoconfigured-payments",
					"spring.jackson.property-naming-strategy=SNAKE_CASE");
	}

	@Test
	void anAnnotatedEventIsPublishedWithItsKeyTypeSourceAndTheApplicationsJsonSettings() {
		this.contextRunner.run((context) -> {
			DomainEventPublisher publisher = context.getBean(DomainEventPublisher.class);
			PublishReceipt receipt = publisher.publish(new OrderPlaced("o-1", "c-7")).get(30, TimeUnit.SECONDS);
			assertThat(receipt.topic()).isEqualTo("autoconfigured-orders");

			ConsumerRecord<byte[], byte[]> record = this.broker.consume("autoconfigured-orders", 1, Duration.ofSeconds(30))
				.stream()
				.filter((candidate) -> receipt.eventId().equals(header(candidate, "ce_id")))
				.findFirst()
				.orElseThrow();
			assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("c-7");
			assertThat(header(record, "ce_type")).isEqualTo("com.example.order.placed");
			assertThat(header(record, "ce_source")).isEqualTo("/order-service");
			assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"customer_id\":\"c-7\"");
		});
	}

	@Test
	void aTopicConfiguredForAnEventTypeRoutesIt() {
		this.contextRunner.run((context) -> {
			PublishReceipt receipt = context.getBean(DomainEventPublisher.class)
				.publish(new PaymentTaken("p-1", "a-1"))
				.get(30, TimeUnit.SECONDS);
			assertThat(receipt.topic()).isEqualTo("autoconfigured-payments");
		});
	}

	@Test
	void aCompletionExecutorBeanCompletesTheFutures() {
		Executor executor = Executors.newSingleThreadExecutor((task) -> new Thread(task, "user-completion-thread"));
		this.contextRunner
			.withBean(DomainEventPublisherAutoConfiguration.COMPLETION_EXECUTOR_BEAN_NAME, Executor.class, () -> executor)
			.run((context) -> {
				AtomicReference<String> callbackThread = new AtomicReference<>();
				context.getBean(DomainEventPublisher.class)
					.publish(new OrderPlaced("o-2", "c-8"))
					.thenRun(() -> callbackThread.set(Thread.currentThread().getName()))
					.get(30, TimeUnit.SECONDS);
				assertThat(callbackThread).hasValue("user-completion-thread");
			});
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}


}
