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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.routing.EventRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker-free tests of the observation of publications, with a producer that answers only when told.
 */
class PublishObservationTests {

	private static final List<String> CLOUD_EVENTS_HEADERS = List.of("ce_id", "ce_source", "ce_type", "ce_time",
			"ce_specversion", "content-type");

	private final StubProducer producer = new StubProducer("orders");

	private final TestTracing tracing = new TestTracing();

	private final ScopeCounter scopes = new ScopeCounter();

	private KafkaDomainEventPublisher publisher;

	@AfterEach
	void close() {
		if (this.publisher != null) {
			this.publisher.close(Duration.ofSeconds(5));
		}
	}

	private KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		StubProducer stub = this.producer;
		ProducerFactory<byte[], byte[]> factory = () -> stub;
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.producerFactory(factory)
			.router((event) -> new EventRoute("orders", ((OrderPlaced) event).customerId(), "com.example.OrderPlaced"));
		customizer.accept(builder);
		this.publisher = builder.build();
		return this.publisher;
	}

	private KafkaDomainEventPublisher tracedPublisher() {
		this.tracing.registry().observationConfig().observationHandler(this.scopes);
		return publisher((builder) -> builder.observationRegistry(this.tracing.registry()));
	}

	// Publishes on this thread within an observation of the test's, as a traced request handler would.
	@SuppressWarnings("try")
	private <T> T withinParent(Supplier<T> action) {
		Observation parent = Observation.start("test.parent", this.tracing.registry());
		try (Observation.Scope scope = parent.openScope()) {
			return action.get();
		}
		finally {
			parent.stop();
		}
	}

	private void awaitSent(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() >= count);
	}

	@Test
	void withTheDefaultRegistryNothingIsObservedAndTheRecordCarriesOnlyItsOwnHeaders() throws Exception {
		KafkaDomainEventPublisher publisher = publisher((builder) -> {
		});
		assertOnlyTheCallersSpanAndNoTraceHeader(publisher);
	}

	@Test
	void aRegistryWithoutHandlersObservesNothing() throws Exception {
		KafkaDomainEventPublisher publisher = publisher(
				(builder) -> builder.observationRegistry(ObservationRegistry.create()));
		assertOnlyTheCallersSpanAndNoTraceHeader(publisher);
	}

	private void assertOnlyTheCallersSpanAndNoTraceHeader(KafkaDomainEventPublisher publisher) throws Exception {
		CompletableFuture<PublishReceipt> future = withinParent(() -> publisher.publish(OrderPlaced.of("c", 0)));
		awaitSent(1);
		this.producer.completeNext();
		future.get(10, TimeUnit.SECONDS);

		assertThat(headerNames(this.producer.history().get(0))).containsExactlyInAnyOrderElementsOf(CLOUD_EVENTS_HEADERS);
		assertThat(this.tracing.tracer().getSpans()).extracting(SimpleSpan::getName).containsExactly("test.parent");
	}

	@Test
	void aPublicationIsAChildOfTheCallersObservationAndTheParentOfTheSendOnTheDispatcherThread() throws Exception {
		KafkaDomainEventPublisher publisher = tracedPublisher();
		CompletableFuture<PublishReceipt> future = withinParent(() -> publisher.publish(OrderPlaced.of("c", 0)));
		awaitSent(1);
		this.producer.completeNext();
		PublishReceipt receipt = future.get(10, TimeUnit.SECONDS);

		// Ended before the future completed: no waiting here.
		assertThat(this.tracing.endedSpans("orders publish")).hasSize(1);
		SimpleSpan parent = this.tracing.endedSpan("test.parent");
		SimpleSpan publish = this.tracing.endedSpan("orders publish");
		SimpleSpan send = this.tracing.endedSpan("orders send");
		assertThat(publish.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(publish.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(publish.getError()).isNull();
		assertThat(publish.getTags()).containsEntry(PublishObservation.EVENT_TYPE, "com.example.OrderPlaced")
			.containsEntry(PublishObservation.MESSAGING_SYSTEM, "kafka")
			.containsEntry(PublishObservation.EVENT_ID, receipt.eventId())
			.containsEntry(PublishObservation.DESTINATION, "orders")
			.containsEntry(PublishObservation.FAILURE_REASON, "none")
			.containsEntry(TestTracing.THREAD_TAG, Thread.currentThread().getName());
		assertThat(send.getParentId()).isEqualTo(publish.getSpanId());
		assertThat(send.getKind()).isEqualTo(Span.Kind.PRODUCER);
		assertThat(send.getTags()).containsEntry(TestTracing.THREAD_TAG, "domain-events-dispatcher");
		ProducerRecord<byte[], byte[]> record = this.producer.history().get(0);
		assertThat(header(record, TestTracing.TRACEPARENT)).isEqualTo(TestTracing.traceparent(send));
		assertThat(this.scopes.balanced()).isTrue();
	}

	@Test
	void anEventTheQueueRefusesEndsItsObservationAtOnceWithTheFailure() {
		// Parked events count in the queue: the first, parked for want of metadata, fills a queue of one. The
		// producer has no metadata for "late", so the event is parked without a send.
		KafkaDomainEventPublisher publisher = publisher((builder) -> builder.maxQueuedEvents(1)
			.observationRegistry(this.tracing.registry()));
		CompletableFuture<PublishReceipt> parked = publisher.publish("late", "k", OrderPlaced.of("k", 0), Map.of());
		await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().queuedEvents() == 1);

		CompletableFuture<PublishReceipt> refused = publisher.publish("late", "k", OrderPlaced.of("k", 1), Map.of());

		PublicationFailedException failure = Outcomes.failureOf(refused);
		assertThat(failure.getReason()).isEqualTo(FailureReason.QUEUE_FULL);
		List<SimpleSpan> ended = this.tracing.endedSpans("late publish");
		assertThat(ended).singleElement().satisfies((span) -> {
			assertThat(span.getError()).isSameAs(failure);
			assertThat(span.getTags()).containsEntry(PublishObservation.FAILURE_REASON, "QUEUE_FULL")
				.containsEntry(PublishObservation.EVENT_ID, failure.getEventId());
		});
		assertThat(parked).isNotDone();

		// The parked event's observation goes on until the shutdown fails it; it was never sent.
		publisher.close(Duration.ofMillis(100));
		PublicationFailedException shutDown = Outcomes.failureOf(parked);
		assertThat(shutDown.getReason()).isEqualTo(FailureReason.SHUTTING_DOWN);
		SimpleSpan parkedPublish = this.tracing.endedSpans("late publish").get(0);
		assertThat(parkedPublish.getError()).isSameAs(shutDown);
		assertThat(this.tracing.endedSpans("late send")).isEmpty();
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void aSendThatThrowsClosesItsScopeAndTheEventSentAgainIsTheParentOfBothSends() throws Exception {
		// The producer answers for the topic's metadata, but its first send finds none (lost in an outage).
		AtomicBoolean metadataLost = new AtomicBoolean(true);
		this.producer.sendFailure = (record) -> metadataLost.getAndSet(false)
				? new TimeoutException("Topic orders not present in metadata after 50 ms.") : null;
		KafkaDomainEventPublisher publisher = tracedPublisher();
		CompletableFuture<PublishReceipt> future = withinParent(() -> publisher.publish(OrderPlaced.of("c", 0)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tracing.endedSpans("orders send").size() == 1);
		awaitSent(1);
		this.producer.completeNext();
		future.get(10, TimeUnit.SECONDS);

		SimpleSpan publish = this.tracing.endedSpan("orders publish");
		List<SimpleSpan> sends = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tracing.endedSpans("orders send"), (spans) -> spans.size() == 2);
		assertThat(sends).allSatisfy((send) -> {
			assertThat(send.getParentId()).isEqualTo(publish.getSpanId());
			assertThat(send.getTags()).containsEntry(TestTracing.THREAD_TAG, "domain-events-dispatcher");
		});
		assertThat(sends.get(0).getError()).isInstanceOf(TimeoutException.class);
		assertThat(sends.get(1).getError()).isNull();
		assertThat(header(this.producer.history().get(0), TestTracing.TRACEPARENT))
			.isEqualTo(TestTracing.traceparent(sends.get(1)));
		assertThat(this.scopes.opened.get()).isEqualTo(2);
		assertThat(this.scopes.balanced()).isTrue();
	}

	@Test
	void aRecordSentAgainAfterItsHeadersBecameReadOnlyCarriesTheTraceHeaderOfItsLastSend() throws Exception {
		// As the producer does when it times out waiting for buffer space: the headers are read-only by then.
		AtomicInteger attempts = new AtomicInteger();
		this.producer.sendFailure = (record) -> {
			if (attempts.incrementAndGet() > 1) {
				return null;
			}
			((RecordHeaders) record.headers()).setReadOnly();
			return new BufferExhaustedException("Failed to allocate 300 bytes within the configured max blocking time");
		};
		KafkaDomainEventPublisher publisher = tracedPublisher();
		CompletableFuture<PublishReceipt> future = withinParent(() -> publisher.publish(OrderPlaced.of("c", 0)));
		awaitSent(1);
		this.producer.completeNext();
		future.get(10, TimeUnit.SECONDS);

		List<SimpleSpan> sends = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tracing.endedSpans("orders send"), (spans) -> spans.size() == 2);
		ProducerRecord<byte[], byte[]> record = this.producer.history().get(0);
		assertThat(header(record, TestTracing.TRACEPARENT)).isEqualTo(TestTracing.traceparent(sends.get(1)));
		assertThat(headerNames(record)).containsOnlyOnce(TestTracing.TRACEPARENT);
		assertThat(this.scopes.balanced()).isTrue();
	}

	private static List<String> headerNames(ProducerRecord<byte[], byte[]> record) {
		return java.util.Arrays.stream(record.headers().toArray()).map(Header::key).toList();
	}

	private static String header(ProducerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** Counts the scopes of publication observations opened and closed, on any thread. */
	static final class ScopeCounter implements ObservationHandler<Observation.Context> {

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		@Override
		public void onScopeOpened(Observation.Context context) {
			this.opened.incrementAndGet();
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			this.closed.incrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return PublishObservation.NAME.equals(context.getName());
		}

		boolean balanced() {
			return this.opened.get() > 0 && this.opened.get() == this.closed.get();
		}

	}

}
