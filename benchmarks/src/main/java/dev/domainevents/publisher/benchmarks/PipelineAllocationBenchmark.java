/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

/**
 * Allocation per event on the client side, against a {@link StubProducer} that acknowledges at once: run it with
 * {@code -prof gc} and read {@code gc.alloc.rate.norm}, which counts the bytes every thread allocated (the caller's,
 * the dispatcher's and the completion threads') per event. Each invocation publishes a batch and waits for all of it,
 * so the pipeline is exercised as under load, not one event at a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class PipelineAllocationBenchmark {

	static final int BATCH = 64;

	private static final String TOPIC = "bench-allocation";

	private static final Callback IGNORE = (metadata, error) -> {
	};

	/** The event's JSON size in bytes. */
	@Param({ "256", "2048" })
	public int jsonBytes;

	private Payloads payloads;

	private StubProducer producer;

	private KafkaDomainEventPublisher publisher;

	private KafkaTemplate<byte[], byte[]> template;

	private JsonEventSerializer serializer;

	private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

	private long index;

	/** Builds the pool, the stub producer, the publisher and the template. */
	@Setup(Level.Trial)
	public void setUp() {
		JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();
		this.payloads = Payloads.of(this.jsonBytes, mapper);
		this.serializer = new JsonEventSerializer(mapper);
		this.producer = new StubProducer();
		this.publisher = KafkaDomainEventPublisher.builder()
			.producerFactory(this.producer.factory())
			.source(Payloads.SOURCE)
			.router((event) -> new EventRoute(TOPIC, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE))
			.overflowPolicy(OverflowPolicy.BLOCK)
			.build();
		this.template = new KafkaTemplate<>(this.producer.factory());
	}

	/** Closes the publisher and its threads. */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.publisher.close(Duration.ofSeconds(10));
	}

	/**
	 * {@code publish()} of a batch of events, then waits for every future.
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void publisher(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			this.futures[i] = this.publisher.publish(this.payloads.event(this.index++));
		}
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.futures[i].join());
		}
	}

	/**
	 * {@code KafkaTemplate.send()} of the same ready-made records, then waits for every future.
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void kafkaTemplate(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			this.futures[i] = this.template.send(record(this.index++));
		}
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.futures[i].join());
		}
	}

	/**
	 * {@code Producer.send(record, callback)} of the same ready-made records.
	 * @param blackhole sink
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void rawProducer(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.producer.send(record(this.index++), IGNORE));
		}
	}

	/**
	 * The event to JSON bytes, as the publisher's default serializer writes it.
	 * @return the bytes
	 */
	@Benchmark
	public byte[] jsonSerialization() {
		return this.serializer.serialize(this.payloads.event(this.index++));
	}

	private ProducerRecord<byte[], byte[]> record(long i) {
		return new ProducerRecord<>(TOPIC, null, null, this.payloads.key(i), this.payloads.value(i),
				new RecordHeaders(this.payloads.headers(i)));
	}

}
