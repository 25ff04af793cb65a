/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.kafka.TestTracing;
import dev.domainevents.publisher.observation.DefaultDomainEventPublishObservationConvention;
import dev.domainevents.publisher.observation.DomainEventPublishContext;
import dev.domainevents.publisher.observation.DomainEventPublishObservationConvention;
import dev.domainevents.publisher.routing.DomainEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DomainEventPublisherObservationAutoConfiguration}, without a broker: a mock producer answers.
 */
class DomainEventPublisherObservationAutoConfigurationTests {

	@DomainEvent(topic = "observed-orders", type = "com.example.order.placed")
	record OrderPlaced(String orderId) {
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, KafkaAutoConfiguration.class,
				JacksonAutoConfiguration.class, DomainEventPublisherAutoConfiguration.class,
				DomainEventPublisherObservationAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092",
				"domain-events.publisher.observations.enabled=true");

	@Test
	@SuppressWarnings("try")
	void withAnObservationRegistryThePublisherObservesPublicationsAndTheirSends() {
		TestTracing tracing = new TestTracing();
		// Survives KafkaTemplate's close() after each operation, as the producers of spring-kafka's factories do: the
		// publisher asks for a new topic's metadata before its first send.
		MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
				new ByteArraySerializer()) {

			@Override
			public void close(java.time.Duration timeout) {
			}

		};
		ProducerFactory<byte[], byte[]> producerFactory = () -> producer;
		ApplicationContextRunner runner = this.contextRunner;
		for (ObservationHandler<?> handler : tracing.handlers()) {
			runner = runner.withBean(handler.getClass().getName(), ObservationHandler.class, () -> handler);
		}
		runner.withBean(DomainEventPublisherBuilderCustomizer.class,
				() -> (builder) -> builder.producerFactory(producerFactory))
			.run((context) -> {
				assertThat(context).hasBean("domainEventPublisherObservation");
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation parent = Observation.start("test.parent", registry);
				CompletableFuture<PublishReceipt> future;
				try (Observation.Scope scope = parent.openScope()) {
					future = context.getBean(DomainEventPublisher.class).publish(new OrderPlaced("o-1"));
				}
				parent.stop();
				future.get(10, TimeUnit.SECONDS);

				SimpleSpan publish = tracing.endedSpan("observed-orders publish");
				SimpleSpan send = tracing.endedSpan("observed-orders send");
				assertThat(publish.getParentId()).isEqualTo(tracing.endedSpan("test.parent").getSpanId());
				assertThat(send.getParentId()).isEqualTo(publish.getSpanId());
				ProducerRecord<byte[], byte[]> record = producer.history().get(0);
				assertThat(new String(record.headers().lastHeader(TestTracing.TRACEPARENT).value(),
						StandardCharsets.UTF_8))
					.isEqualTo(TestTracing.traceparent(send));
			});
	}

	@Test
	void aConventionBeanRenamesThePublishObservationAndAddsAKey() {
		TestTracing tracing = new TestTracing();
		MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
				new ByteArraySerializer()) {

			@Override
			public void close(java.time.Duration timeout) {
			}

		};
		ApplicationContextRunner runner = this.contextRunner;
		for (ObservationHandler<?> handler : tracing.handlers()) {
			runner = runner.withBean(handler.getClass().getName(), ObservationHandler.class, () -> handler);
		}
		runner.withBean(DomainEventPublisherBuilderCustomizer.class,
				() -> (builder) -> builder.producerFactory(() -> producer))
			.withBean(DomainEventPublishObservationConvention.class, RegionConvention::new)
			.withBean(StoppedPublications.class, StoppedPublications::new)
			.run((context) -> {
				context.getBean(DomainEventPublisher.class).publish(new OrderPlaced("o-1")).get(10, TimeUnit.SECONDS);

				SimpleSpan publish = tracing.endedSpan("observed-orders publish");
				assertThat(publish.getTags()).containsEntry("region", "eu-west")
					.containsEntry("domain.events.type", "com.example.order.placed")
					.containsEntry("domain.events.failure.reason", "none");
				assertThat(tracing.endedSpan("observed-orders send").getParentId()).isEqualTo(publish.getSpanId());
				assertThat(context.getBean(StoppedPublications.class).names).containsExactly("orders.published");
			});
	}

	@Test
	void withoutAnObservationRegistryNoCustomizerIsRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class, DomainEventPublisherObservationAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092",
					"domain-events.publisher.observations.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean("domainEventPublisherObservation"));
	}

	@Test
	void observationsAreOffByDefaultAsSpringKafkasOwnAre() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, KafkaAutoConfiguration.class,
					JacksonAutoConfiguration.class, DomainEventPublisherAutoConfiguration.class,
					DomainEventPublisherObservationAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092")
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean("domainEventPublisherObservation"));
	}

	@Test
	void observationsCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("domain-events.publisher.observations.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean("domainEventPublisherObservation"));
	}

	@Test
	void whenThePublisherIsDisabledNoCustomizerIsRegistered() {
		this.contextRunner.withPropertyValues("domain-events.publisher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventPublisher.class)
				.doesNotHaveBean("domainEventPublisherObservation"));
	}

	/** Renames the observation and adds the region the application runs in. */
	static final class RegionConvention extends DefaultDomainEventPublishObservationConvention {

		@Override
		public String getName() {
			return "orders.published";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(DomainEventPublishContext context) {
			return super.getLowCardinalityKeyValues(context).and("region", "eu-west");
		}

	}

	/** Records the names of the publication observations that stopped. */
	static final class StoppedPublications implements ObservationHandler<DomainEventPublishContext> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(DomainEventPublishContext context) {
			this.names.add(context.getName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof DomainEventPublishContext;
		}

	}

}
