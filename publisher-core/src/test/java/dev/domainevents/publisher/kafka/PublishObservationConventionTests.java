/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.observation.DefaultDomainEventPublishObservationConvention;
import dev.domainevents.publisher.observation.DomainEventPublishContext;
import dev.domainevents.publisher.observation.DomainEventPublishObservationConvention;
import dev.domainevents.publisher.routing.EventRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker-free tests of a publisher given its own observation convention: it renames the observation and adds keys,
 * and the spans keep their parents and the record its trace header.
 */
class PublishObservationConventionTests {

	private final StubProducer producer = new StubProducer("orders");

	private final TestTracing tracing = new TestTracing();

	private final StoppedContexts stopped = new StoppedContexts();

	private KafkaDomainEventPublisher publisher;

	@AfterEach
	void close() {
		if (this.publisher != null) {
			this.publisher.close(Duration.ofSeconds(5));
		}
	}

	private KafkaDomainEventPublisher publisher(DomainEventPublishObservationConvention convention) {
		return publisher((builder) -> builder.observationConvention(convention));
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		StubProducer stub = this.producer;
		ProducerFactory<byte[], byte[]> factory = () -> stub;
		this.tracing.registry().observationConfig().observationHandler(this.stopped);
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.router((event) -> new EventRoute("orders", ((OrderPlaced) event).customerId(), "com.example.OrderPlaced"))
			.observationRegistry(this.tracing.registry());
		customizer.accept(builder);
		this.publisher = builder.build();
		return this.publisher;
	}

	@Test
	@SuppressWarnings("try")
	void aCustomConventionRenamesTheObservationAndAddsAKeyWhileTheSendStaysItsChild() throws Exception {
		KafkaDomainEventPublisher publisher = publisher(new TenantConvention());
		Observation parent = Observation.start("test.parent", this.tracing.registry());
		CompletableFuture<PublishReceipt> future;
		try (Observation.Scope scope = parent.openScope()) {
			future = publisher.publish("orders", "c-1", OrderPlaced.of("c-1", 0), Map.of("tenant", "acme"));
		}
		finally {
			parent.stop();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 1);
		this.producer.completeNext();
		PublishReceipt receipt = future.get(10, TimeUnit.SECONDS);

		assertThat(this.stopped.contexts).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo("orders.published");
			assertThat(context.getContextualName()).isEqualTo("orders to acme");
			assertThat(context.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
					KeyValue.of(PublishObservation.EVENT_TYPE, OrderPlaced.class.getName()),
					KeyValue.of(PublishObservation.MESSAGING_SYSTEM, "kafka"),
					KeyValue.of(PublishObservation.FAILURE_REASON, "none"), KeyValue.of("tenant", "acme"));
			assertThat(context.getHighCardinalityKeyValue(PublishObservation.EVENT_ID).getValue())
				.isEqualTo(receipt.eventId());
		});
		SimpleSpan publish = this.tracing.endedSpan("orders to acme");
		SimpleSpan send = this.tracing.endedSpan("orders send");
		assertThat(publish.getParentId()).isEqualTo(this.tracing.endedSpan("test.parent").getSpanId());
		assertThat(publish.getTags()).containsEntry("tenant", "acme");
		assertThat(send.getParentId()).isEqualTo(publish.getSpanId());
		Header traceparent = this.producer.history().get(0).headers().lastHeader(TestTracing.TRACEPARENT);
		assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).isEqualTo(TestTracing.traceparent(send));
	}

	@Test
	void aCustomConventionSeesTheFailureWhenTheObservationStops() {
		KafkaDomainEventPublisher publisher = publisher(new TenantConvention());
		CompletableFuture<PublishReceipt> future = publisher.publish("orders", "c-1", OrderPlaced.of("c-1", 0),
				Map.of("tenant", "acme"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 1);
		this.producer.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

		PublicationFailedException failure = Outcomes.failureOf(future);
		assertThat(this.stopped.contexts).singleElement().satisfies((context) -> {
			assertThat(context).isInstanceOfSatisfying(DomainEventPublishContext.class,
					(publishContext) -> assertThat(publishContext.getFailure()).isSameAs(failure));
			assertThat(context.getLowCardinalityKeyValue(PublishObservation.FAILURE_REASON).getValue())
				.isEqualTo(failure.getReason().name());
			assertThat(context.getError()).isSameAs(failure);
		});
	}

	@Test
	void aConventionThatThrowsCostsTheEventItsObservationButNotItsPublication() throws Exception {
		KafkaDomainEventPublisher publisher = publisher(new DefaultDomainEventPublishObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(DomainEventPublishContext context) {
				throw new IllegalStateException("a broken convention");
			}

		});
		CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c", 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 1);
		this.producer.completeNext();

		assertThat(future.get(10, TimeUnit.SECONDS).topic()).isEqualTo("orders");
		assertThat(this.stopped.contexts).isEmpty();
	}

	@Test
	void withoutAConventionOfTheBuildersAGlobalConventionOfTheRegistryApplies() throws Exception {
		this.tracing.registry().observationConfig().observationConvention(new GlobalTenantConvention());
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		CompletableFuture<PublishReceipt> future = publisher.publish("orders", "c-1", OrderPlaced.of("c-1", 0),
				Map.of("tenant", "acme"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 1);
		this.producer.completeNext();
		future.get(10, TimeUnit.SECONDS);

		assertThat(this.stopped.contexts).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo("orders.published");
			assertThat(context.getLowCardinalityKeyValue("tenant").getValue()).isEqualTo("acme");
		});
	}

	/** {@link TenantConvention} as the registry's own. */
	static final class GlobalTenantConvention extends TenantConvention
			implements GlobalObservationConvention<DomainEventPublishContext> {

	}

	/** Renames the observation, names the span after the tenant, and adds the tenant header as a key. */
	static class TenantConvention extends DefaultDomainEventPublishObservationConvention {

		@Override
		public String getName() {
			return "orders.published";
		}

		@Override
		public String getContextualName(DomainEventPublishContext context) {
			return context.getTopic() + " to " + tenant(context);
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(DomainEventPublishContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", tenant(context));
		}

		private static String tenant(DomainEventPublishContext context) {
			String tenant = context.getMessage().headers().get("tenant");
			return (tenant != null) ? tenant : "none";
		}

	}

	/** Records the contexts of the publication observations that stopped, whatever their name. */
	static final class StoppedContexts implements ObservationHandler<DomainEventPublishContext> {

		final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(DomainEventPublishContext context) {
			this.contexts.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof DomainEventPublishContext;
		}

	}

}
