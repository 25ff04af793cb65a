/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.ConfigurableApplicationContext;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.autoconfigure.DomainEventPublisherBuilderCustomizer;

/**
 * Where the starter's per-event cost goes in a Boot application with actuator, the Prometheus registry and
 * Micrometer Tracing over OpenTelemetry: the auto-configured publisher against a {@link StubProducer} that
 * acknowledges at once, with the publish observation off (the default), on with tracing disabled (Boot's meter
 * handler alone: a timer and a long task timer per observation, for the publish and for the template's send), and on
 * with every trace sampled. Run it with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class StarterObservationBenchmark {

	private static final int BATCH = PipelineAllocationBenchmark.BATCH;

	private static final String TOPIC = "bench-starter-observation";

	/**
	 * Publishes a batch through the observations-off application.
	 * @param application the application
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void starterObservationsOff(ObservationsOff application, Blackhole blackhole) {
		application.publishBatch(blackhole);
	}

	/**
	 * Publishes a batch through the application with observations on and tracing disabled.
	 * @param application the application
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void starterObservationsMetersOnly(MetersOnly application, Blackhole blackhole) {
		application.publishBatch(blackhole);
	}

	/**
	 * Publishes a batch through the application with observations on and every trace sampled.
	 * @param application the application
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void starterObservationsTracing(Tracing application, Blackhole blackhole) {
		application.publishBatch(blackhole);
	}

	/** The Boot application with the publish observation off, as by default. */
	@State(Scope.Benchmark)
	public static class ObservationsOff extends Application {

		/** Starts the application. */
		@Setup(Level.Trial)
		public void start() {
			start(Map.of("management.tracing.enabled", "false"));
		}

	}

	/** The Boot application with the publish observation on and tracing disabled. */
	@State(Scope.Benchmark)
	public static class MetersOnly extends Application {

		/** Starts the application. */
		@Setup(Level.Trial)
		public void start() {
			start(Map.of("domain-events.publisher.observations.enabled", "true", "management.tracing.enabled",
					"false"));
		}

	}

	/** The Boot application with the publish observation on and every trace sampled. */
	@State(Scope.Benchmark)
	public static class Tracing extends Application {

		/** Starts the application. */
		@Setup(Level.Trial)
		public void start() {
			start(Map.of("domain-events.publisher.observations.enabled", "true",
					"management.tracing.sampling.probability", "1.0"));
		}

	}

	/** A Boot application with the starter, publishing to a stub producer. */
	@State(Scope.Benchmark)
	public abstract static class Application {

		/** The event's JSON size in bytes. */
		@Param({ "256" })
		public int jsonBytes;

		private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

		private ConfigurableApplicationContext context;

		private DomainEventPublisher publisher;

		private Payloads payloads;

		private long index;

		void start(Map<String, String> settings) {
			this.payloads = Payloads.of(this.jsonBytes, SameWorkSenders.MAPPER);
			StubProducer producer = new StubProducer();
			Map<String, String> properties = new LinkedHashMap<>(settings);
			properties.put("spring.kafka.bootstrap-servers", "localhost:9092");
			DomainEventPublisherBuilderCustomizer stub = (builder) -> builder.producerFactory(producer.factory());
			this.context = BenchApplication.start(TOPIC, properties, Map.of("benchStubProducer", stub));
			this.publisher = this.context.getBean(DomainEventPublisher.class);
		}

		void publishBatch(Blackhole blackhole) {
			for (int i = 0; i < BATCH; i++) {
				this.futures[i] = this.publisher.publish(this.payloads.event(this.index++));
			}
			for (int i = 0; i < BATCH; i++) {
				blackhole.consume(this.futures[i].join());
			}
		}

		/** Closes the application and its publisher. */
		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

}
