/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherMetricsAutoConfiguration;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters on a real broker, after known outcomes: successes, a rejection, failures at a deadline, and a pause
 * that leaves events pending. The ledger's meters are reconciled, at rest, against the futures the test holds.
 */
@WithKafkaBroker(dedicated = true)
class DomainEventPublisherMetricsIntegrationTests {

	private final ProcessKafkaBroker broker;

	DomainEventPublisherMetricsIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class, DomainEventPublisherMetricsAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
					"domain-events.publisher.default-topic=metered", "domain-events.publisher.delivery-timeout=2s",
					"domain-events.publisher.producer.request.timeout.ms=1500");
	}

	@Test
	void theMetersTellSuccessesRejectionsFailuresAndWhatIsPendingAndReconcileWithTheFutures() {
		this.broker.createTopic("metered", 3);
		contextRunner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				futures.add(publisher.publish("order-" + i));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			futures.add(publisher.publish(EventMessage.of("forged").withHeader("ce_id", "x")));
			futures.add(publisher.publish(new Poison("p")));
			List<CompletableFuture<PublishReceipt>> missing = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				missing.add(publisher.publish(EventMessage.of("lost-" + i).withTopic("no-such-topic")));
			}
			CompletableFuture.allOf(missing.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
				.get(30, TimeUnit.SECONDS);
			futures.addAll(missing);

			assertThat(count(registry, "domain.events.accepted")).isEqualTo(105);
			assertThat(count(registry, "domain.events.succeeded")).isEqualTo(100);
			assertThat(registry.get("domain.events.failed").tags("reason", "topic-unavailable", "written", "no")
				.functionCounter()
				.count()).isEqualTo(5);
			assertThat(registry.get("domain.events.rejected").tag("reason", "invalid-event").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("domain.events.rejected").tag("reason", "serialization").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("domain.events.latency").tags("result", "success", "topic", "metered").timer().count())
				.isEqualTo(100);
			assertThat(registry.get("domain.events.latency").tags("result", "failure", "topic", "other").timer().count())
				.isEqualTo(5);
			assertThat(registry.get("domain.events.pending").gauge().value()).isZero();
			assertThat(registry.get("domain.events.queue.remaining").gauge().value()).isEqualTo(10_000);
			assertThat(registry.get("domain.events.oldest.pending.age").timeGauge().value()).isZero();
			assertThat(registry.find("kafka.producer.record.send.total").functionCounters()).isNotEmpty();

			// Reconcile the ledger at rest with what the futures say.
			long succeeded = futures.stream().filter((future) -> !future.isCompletedExceptionally()).count();
			long failedOrRejected = futures.size() - succeeded;
			double failed = registry.get("domain.events.failed").functionCounters().stream()
				.mapToDouble((counter) -> counter.count()).sum();
			double rejected = registry.get("domain.events.rejected").functionCounters().stream()
				.mapToDouble((counter) -> counter.count()).sum();
			assertThat(count(registry, "domain.events.succeeded")).isEqualTo(succeeded);
			assertThat(failed + rejected).isEqualTo(failedOrRejected);
			PublisherStats stats = publisher.stats();
			assertThat(stats.accepted()).isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
		});
	}

	@Test
	void whileTheBrokerIsPausedEventsShowAsPendingInFlightAndAgeing() {
		this.broker.createTopic("metered-paused", 3);
		contextRunner().withPropertyValues("domain-events.publisher.default-topic=metered-paused",
				"domain-events.publisher.delivery-timeout=30s", "domain-events.publisher.in-flight.max-bytes=8KB")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
				publisher.publish("warm-up").get(30, TimeUnit.SECONDS);
				this.broker.pause();
				try {
					for (int i = 0; i < 500; i++) {
						publisher.publish("order-" + i);
					}
					await().atMost(Duration.ofSeconds(5))
						.until(() -> registry.get("domain.events.oldest.pending.age").timeGauge()
							.value(TimeUnit.MILLISECONDS) >= 1000);
					assertThat(registry.get("domain.events.pending").gauge().value()).isEqualTo(500);
					assertThat(registry.get("domain.events.inflight").gauge().value()).isPositive();
					assertThat(registry.get("domain.events.inflight.bytes").gauge().value()).isLessThanOrEqualTo(8 * 1024);
					assertThat(registry.get("domain.events.queue.size").gauge().value()).isPositive();
					assertThat(registry.get("domain.events.queue.size").gauge().value()
							+ registry.get("domain.events.inflight").gauge().value())
						.isEqualTo(500);
					registry.getMeters().stream()
						.filter((meter) -> meter.getId().getName().startsWith("domain.events"))
						.forEach((meter) -> meter.measure().forEach((measurement) -> {
							if (measurement.getValue() != 0) {
								System.out.println("[meter, broker paused] " + meter.getId().getName() + " "
										+ meter.getId().getTags() + " " + measurement.getStatistic() + " = "
										+ measurement.getValue());
							}
						}));
					System.out.println("[meters, broker paused] " + Map.of("pending",
							registry.get("domain.events.pending").gauge().value(), "queue.size",
							registry.get("domain.events.queue.size").gauge().value(), "inflight",
							registry.get("domain.events.inflight").gauge().value(), "oldest.pending.age.ms",
							registry.get("domain.events.oldest.pending.age").timeGauge().value(TimeUnit.MILLISECONDS)));
				}
				finally {
					this.broker.resume();
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> registry.get("domain.events.pending").gauge().value() == 0);
				assertThat(count(registry, "domain.events.succeeded")).isEqualTo(501);
			});
	}

	/** An event the serializer cannot write: reading its value throws. */
	record Poison(String value) {

		@Override
		public String value() {
			throw new IllegalStateException("poison");
		}

	}

	private static double count(MeterRegistry registry, String name) {
		return registry.get(name).functionCounter().count();
	}

}
