/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Micrometer Tracing for tests, without a tracing library: a {@link SimpleTracer} fed by the tracing handlers of an
 * observation registry, wired as Boot wires them (a send gets one producer span, which propagates), a propagator that
 * writes a W3C {@code traceparent} header, and a span tag naming the thread each observation started on.
 */
public final class TestTracing {

	/** The span tag that names the thread the span's observation started on. */
	public static final String THREAD_TAG = "test.thread";

	/** The one header the test propagator writes. */
	public static final String TRACEPARENT = "traceparent";

	private final SimpleTracer tracer = new SimpleTracer();

	private final List<ObservationHandler<?>> handlers = List.of(new ThreadTagging(),
			new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, new TraceparentPropagator()),
					new DefaultTracingObservationHandler(this.tracer)));

	private final ObservationRegistry registry = ObservationRegistry.create();

	public TestTracing() {
		this.handlers.forEach(this.registry.observationConfig()::observationHandler);
	}

	/**
	 * Returns a registry with the handlers.
	 * @return the registry
	 */
	public ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * Returns the handlers, to register them with another registry, for example as beans.
	 * @return the handlers
	 */
	public List<ObservationHandler<?>> handlers() {
		return this.handlers;
	}

	/**
	 * Returns the tracer.
	 * @return the tracer
	 */
	public SimpleTracer tracer() {
		return this.tracer;
	}

	/**
	 * Waits for the only span of a name to end, and returns it.
	 * @param name the span name
	 * @return the span
	 */
	public SimpleSpan endedSpan(String name) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> endedSpans(name), (spans) -> spans.size() == 1).get(0);
	}

	/**
	 * Returns the ended spans of a name.
	 * @param name the span name
	 * @return the spans, in the order they started
	 */
	public List<SimpleSpan> endedSpans(String name) {
		return this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getEndTimestamp().toEpochMilli() > 0 && name.equals(span.getName()))
			.toList();
	}

	/**
	 * Returns the {@code traceparent} header the propagator writes for a span.
	 * @param span the span
	 * @return the header value
	 */
	public static String traceparent(SimpleSpan span) {
		return traceparent(span.getTraceId(), span.getSpanId());
	}

	/**
	 * Returns the W3C trace id of a span: its trace id padded to 32 hex digits, as in {@code traceparent}.
	 * @param span the span
	 * @return the trace id
	 */
	public static String w3cTraceId(SimpleSpan span) {
		return pad(span.getTraceId(), 32);
	}

	private static String traceparent(String traceId, String spanId) {
		return "00-" + pad(traceId, 32) + "-" + pad(spanId, 16) + "-01";
	}

	private static String pad(String id, int length) {
		return "0".repeat(Math.max(0, length - id.length())) + id;
	}

	/** Tags every span with the thread its observation started on. */
	private static final class ThreadTagging implements ObservationHandler<Observation.Context> {

		@Override
		public void onStart(Observation.Context context) {
			context.addHighCardinalityKeyValue(KeyValue.of(THREAD_TAG, Thread.currentThread().getName()));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/** Writes {@code traceparent} only; extraction is not needed by these tests. */
	private static final class TraceparentPropagator implements Propagator {

		@Override
		public List<String> fields() {
			return List.of(TRACEPARENT);
		}

		@Override
		public <C> void inject(TraceContext context, @Nullable C carrier, Setter<C> setter) {
			setter.set(carrier, TRACEPARENT, traceparent(context.traceId(), context.spanId()));
		}

		@Override
		public <C> io.micrometer.tracing.Span.Builder extract(@Nullable C carrier, Getter<C> getter) {
			return io.micrometer.tracing.Span.Builder.NOOP;
		}

	}

}
