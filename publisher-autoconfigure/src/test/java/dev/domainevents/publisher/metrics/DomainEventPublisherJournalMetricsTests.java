/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.StubPublisherInspection;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's meters, read from a stub inspection's journal state, and the latency timer's {@code journaled}
 * result.
 */
class DomainEventPublisherJournalMetricsTests {

	private static final long MIB = 1024 * 1024;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				DomainEventPublisherMetricsAutoConfiguration.class));

	@Test
	void withAJournalItsMetersReadItsState() {
		StubPublisherInspection publisher = new StubPublisherInspection(
				StubPublisherInspection.journal(300 * MIB, 1024 * MIB, null));
		this.contextRunner.withBean(PublisherInspection.class, () -> publisher).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(gauge(registry, "domain.events.journal.events")).isEqualTo(42);
			assertThat(gauge(registry, "domain.events.journal.bytes")).isEqualTo(300 * MIB);
			assertThat(gauge(registry, "domain.events.journal.max.bytes")).isEqualTo(1024 * MIB);
			assertThat(gauge(registry, "domain.events.journal.fenced.keys")).isEqualTo(5);
			assertThat(counter(registry, "domain.events.journal.appended")).isEqualTo(1000);
			assertThat(counter(registry, "domain.events.journal.replayed")).isEqualTo(950);
			assertThat(counter(registry, "domain.events.journal.replay.retries")).isEqualTo(7);
			assertThat(counter(registry, "domain.events.journal.dead.lettered")).isEqualTo(3);
			assertThat(counter(registry, "domain.events.journal.quarantined")).isEqualTo(2);
			assertThat(registry.get("domain.events.journal.oldest.age").timeGauge().value(TimeUnit.SECONDS))
				.isEqualTo(90);
			FunctionTimer fsync = registry.get("domain.events.journal.fsync").functionTimer();
			assertThat(fsync.count()).isEqualTo(400);
			assertThat(fsync.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(800);
			assertThat(fsync.mean(TimeUnit.MILLISECONDS)).isEqualTo(2);
			assertThat(registry.get("domain.events.journal.fsync.max").timeGauge().value(TimeUnit.MILLISECONDS))
				.isEqualTo(12);

			// Read when they are read, not when they were bound.
			publisher.setJournal(StubPublisherInspection.journal(900 * MIB, 1024 * MIB, null));
			assertThat(gauge(registry, "domain.events.journal.bytes")).isEqualTo(900 * MIB);
		});
	}

	@Test
	void theJournalsMetersHaveTheirBaseUnitsAndDescriptions() {
		this.contextRunner
			.withBean(PublisherInspection.class,
					() -> new StubPublisherInspection(StubPublisherInspection.journal(0, 1024 * MIB, null)))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("domain.events.journal.events").meter().getId().getBaseUnit())
					.isEqualTo("events");
				assertThat(registry.find("domain.events.journal.bytes").meter().getId().getBaseUnit())
					.isEqualTo("bytes");
				assertThat(registry.find("domain.events.journal.max.bytes").meter().getId().getBaseUnit())
					.isEqualTo("bytes");
				assertThat(registry.find("domain.events.journal.oldest.age").meter().getId().getBaseUnit())
					.isEqualTo("seconds");
				assertThat(registry.find("domain.events.journal.fsync.max").meter().getId().getBaseUnit())
					.isEqualTo("seconds");
				assertThat(registry.getMeters().stream()
					.filter((meter) -> meter.getId().getName().startsWith("domain.events.journal.")))
					.extracting((meter) -> meter.getId().getName())
					.containsExactlyInAnyOrder("domain.events.journal.events", "domain.events.journal.bytes",
							"domain.events.journal.max.bytes", "domain.events.journal.appended",
							"domain.events.journal.replayed", "domain.events.journal.replay.retries",
							"domain.events.journal.dead.lettered", "domain.events.journal.quarantined",
							"domain.events.journal.oldest.age", "domain.events.journal.fsync",
							"domain.events.journal.fsync.max", "domain.events.journal.fenced.keys");
				assertThat(registry.getMeters().stream()
					.filter((meter) -> meter.getId().getName().startsWith("domain.events.journal")))
					.allSatisfy((meter) -> assertThat(meter.getId().getDescription()).isNotBlank());
			});
	}

	@Test
	void withoutAJournalThereAreNoJournalMeters() {
		this.contextRunner.withBean(PublisherInspection.class, () -> new StubPublisherInspection(null))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("domain.events.accepted").functionCounter()).isNotNull();
				assertThat(registry.getMeters()).map(Meter::getId)
					.noneMatch((id) -> id.getName().startsWith("domain.events.journal"));
			});
	}

	@Test
	void aJournaledReceiptIsTimedAsJournaledNotAsASuccess() {
		DomainEventPublisherMetrics metrics = new DomainEventPublisherMetrics(() -> new StubPublisherInspection(null),
				(topic) -> topic.equals("orders"), false, false);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);

		metrics.onSuccess(new PublishReceipt("e-1", "orders", 0, 17, Instant.now()), Duration.ofMillis(3));
		metrics.onSuccess(PublishReceipt.journaled("e-2", "orders", 5, Instant.now()), Duration.ofMillis(40));
		metrics.onSuccess(PublishReceipt.journaled("e-3", "orders", 6, Instant.now()), Duration.ofMillis(50));

		assertThat(registry.get("domain.events.latency").tags("result", "success", "topic", "orders").timer().count())
			.isEqualTo(1);
		assertThat(registry.get("domain.events.latency").tags("result", "journaled", "topic", "orders").timer()
			.count()).isEqualTo(2);
		assertThat(registry.get("domain.events.latency").tags("result", "journaled", "topic", "orders").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(90);
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).gauge().value();
	}

	private static double counter(MeterRegistry registry, String name) {
		return registry.get(name).functionCounter().count();
	}

}
