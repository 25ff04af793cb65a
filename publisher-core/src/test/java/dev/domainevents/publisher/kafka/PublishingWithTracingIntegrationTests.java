/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observation of publications on a real broker, traced by Micrometer Tracing's {@code SimpleTracer}: the caller's
 * span is the parent of the publication's, which is the parent of spring-kafka's send on the dispatcher thread, whose
 * trace header reaches the record.
 */
@WithKafkaBroker
class PublishingWithTracingIntegrationTests {

	private final TestTracing tracing = new TestTracing();

	@RegisterExtension
	final PublisherFixture fixture;

	PublishingWithTracingIntegrationTests(KafkaBroker broker) {
		this.fixture = PublisherFixture.on(broker)
			.topicPerTest("traced", 3)
			.defaults((builder) -> builder.source("/tests/orders").observationRegistry(this.tracing.registry()))
			.routingOrdersToTheTopic("com.example.OrderPlaced");
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher(customizer);
	}

	// Publishes on this thread within an observation of the test's, as a traced request handler would.
	@SuppressWarnings("try")
	private CompletableFuture<PublishReceipt> publishWithinParent(KafkaDomainEventPublisher publisher, Object event) {
		Observation parent = Observation.start("test.parent", this.tracing.registry());
		try (Observation.Scope scope = parent.openScope()) {
			return publisher.publish(event);
		}
		finally {
			parent.stop();
		}
	}

	@Test
	void aPublicationIsTracedFromTheCallerThroughTheDispatcherToTheRecordsHeaders() throws Exception {
		// Long enough for the new topic's metadata: one send, not a parked one and a second.
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.metadataWait(Duration.ofSeconds(10)));

		PublishReceipt receipt = publishWithinParent(publisher, OrderPlaced.of("c-1", 0)).get(30, TimeUnit.SECONDS);

		SimpleSpan parent = this.tracing.endedSpan("test.parent");
		SimpleSpan publish = this.tracing.endedSpan(this.fixture.topic() + " publish");
		SimpleSpan send = this.tracing.endedSpan(this.fixture.topic() + " send");
		System.out.println("Span tree:\n" + describe(parent) + "\n  " + describe(publish) + "\n    " + describe(send));
		assertThat(publish.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(publish.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(publish.getError()).isNull();
		assertThat(publish.getTags()).containsEntry(PublishObservation.EVENT_ID, receipt.eventId())
			.containsEntry(PublishObservation.DESTINATION, this.fixture.topic())
			.containsEntry(PublishObservation.EVENT_TYPE, "com.example.OrderPlaced")
			.containsEntry(PublishObservation.FAILURE_REASON, "none")
			.containsEntry(TestTracing.THREAD_TAG, Thread.currentThread().getName());
		assertThat(send.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(send.getParentId()).isEqualTo(publish.getSpanId());
		assertThat(send.getKind()).isEqualTo(Span.Kind.PRODUCER);
		assertThat(send.getError()).isNull();
		assertThat(send.getTags()).containsEntry(TestTracing.THREAD_TAG, "domain-events-dispatcher")
			.containsEntry("messaging.destination.name", this.fixture.topic());

		ConsumerRecord<byte[], byte[]> record = this.fixture.consume(this.fixture.topic(), 1, Duration.ofSeconds(30)).get(0);
		System.out.println("Record headers: " + java.util.Arrays.stream(record.headers().toArray())
			.map((header) -> header.key() + "=" + new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
			.collect(Collectors.joining(", ")));
		assertThat(Outcomes.header(record, "ce_id")).isEqualTo(receipt.eventId());
		String traceparent = Outcomes.header(record, TestTracing.TRACEPARENT);
		assertThat(traceparent).isEqualTo(TestTracing.traceparent(send));
		assertThat(traceparent.split("-")[1]).isEqualTo(TestTracing.w3cTraceId(parent));
	}

	@Test
	@SuppressWarnings("try")
	void eventsFromManyTracedCallersEachCarryTheirOwnCallersTrace() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		int threads = 4;
		int eventsPerThread = 50;
		Map<String, String> parentTraceIdByEventId = new ConcurrentHashMap<>();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		List<CompletableFuture<List<CompletableFuture<PublishReceipt>>>> perThread = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			perThread.add(CompletableFuture.supplyAsync(() -> {
				List<CompletableFuture<PublishReceipt>> published = new ArrayList<>();
				for (int i = 0; i < eventsPerThread; i++) {
					Observation parent = Observation.start("test.parent", this.tracing.registry());
					try (Observation.Scope scope = parent.openScope()) {
						String parentTraceId = this.tracing.tracer().currentSpan().getTraceId();
						CompletableFuture<PublishReceipt> future = publisher.publish(OrderPlaced.of("c-" + thread, i));
						published.add(future.thenApply((receipt) -> {
							parentTraceIdByEventId.put(receipt.eventId(), parentTraceId);
							return receipt;
						}));
					}
					finally {
						parent.stop();
					}
				}
				return published;
			}, callers));
		}
		for (CompletableFuture<List<CompletableFuture<PublishReceipt>>> published : perThread) {
			futures.addAll(published.get(30, TimeUnit.SECONDS));
		}
		callers.shutdown();
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		int expected = threads * eventsPerThread;

		Map<String, SimpleSpan> publishByEventId = this.tracing.endedSpans(this.fixture.topic() + " publish")
			.stream()
			.collect(Collectors.toMap((span) -> span.getTags().get(PublishObservation.EVENT_ID), Function.identity()));
		assertThat(publishByEventId.size()).isEqualTo(expected);
		// spring-kafka ends its send span just after it completes its future, so the last ones may still be ending.
		// A first send to the new topic may also have found no metadata yet: it failed, and the event was sent again.
		List<SimpleSpan> sends = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.tracing.endedSpans(this.fixture.topic() + " send"),
					(ended) -> ended.stream().filter((send) -> send.getError() == null).count() == expected);
		Set<String> publishSpanIds = publishByEventId.values()
			.stream()
			.map(SimpleSpan::getSpanId)
			.collect(Collectors.toSet());
		assertThat(sends.stream().filter((send) -> !publishSpanIds.contains(send.getParentId())).toList())
			.as("sends whose parent is no publication").isEmpty();
		assertThat(sends.stream().filter((send) -> send.getError() != null).map(SimpleSpan::getError).toList())
			.allSatisfy((error) -> assertThat(error).isInstanceOf(TimeoutException.class));
		Map<String, SimpleSpan> sendBySpanId = sends.stream()
			.filter((send) -> send.getError() == null)
			.collect(Collectors.toMap(SimpleSpan::getSpanId, Function.identity()));
		List<ConsumerRecord<byte[], byte[]>> records = this.fixture.consume(this.fixture.topic(), expected, Duration.ofSeconds(60));
		assertThat(records).hasSize(expected);
		for (ConsumerRecord<byte[], byte[]> record : records) {
			String eventId = Outcomes.header(record, "ce_id");
			String[] traceparent = Outcomes.header(record, TestTracing.TRACEPARENT).split("-");
			SimpleSpan publish = publishByEventId.get(eventId);
			SimpleSpan send = sendBySpanId.get(traceparent[2]);
			assertThat(send).as("the send span named by the record's traceparent").isNotNull();
			assertThat(send.getParentId()).as("parent of the send of %s", eventId).isEqualTo(publish.getSpanId());
			assertThat(publish.getTraceId()).isEqualTo(parentTraceIdByEventId.get(eventId));
			assertThat(traceparent[1]).hasSize(32).endsWith(parentTraceIdByEventId.get(eventId));
		}
	}

	@Test
	void aFailedPublicationEndsItsSpanWithTheFailure() {
		// No such topic, and the broker does not create topics: its metadata never arrives.
		String missing = this.fixture.topic() + "-missing";
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.deliveryTimeout(Duration.ofSeconds(1))
			.router((event) -> new EventRoute(missing, ((OrderPlaced) event).customerId(), "com.example.OrderPlaced")));

		PublicationFailedException failure = Outcomes.failureOf(publishWithinParent(publisher, OrderPlaced.of("c", 0)));

		assertThat(failure.getReason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
		SimpleSpan parent = this.tracing.endedSpan("test.parent");
		SimpleSpan publish = this.tracing.endedSpan(missing + " publish");
		assertThat(publish.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(publish.getError()).isSameAs(failure);
		assertThat(publish.getTags()).containsEntry(PublishObservation.FAILURE_REASON, "TOPIC_UNAVAILABLE");
		// The topic never answered, so the event was parked without a send: no send span.
		assertThat(this.tracing.endedSpans(missing + " send")).isEmpty();
		System.out.println("Failed publication: " + describe(publish));
	}

	private static String describe(SimpleSpan span) {
		return String.format("%s [trace %s, span %s, parent %s, thread %s, kind %s, error %s]", span.getName(),
				span.getTraceId(), span.getSpanId(), span.getParentId().isEmpty() ? "-" : span.getParentId(),
				span.getTags().get(TestTracing.THREAD_TAG), span.getKind(),
				(span.getError() != null) ? span.getError().toString() : "-");
	}

}
