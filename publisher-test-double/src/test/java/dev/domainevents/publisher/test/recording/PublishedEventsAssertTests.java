/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.domainevents.publisher.test.recording.PublishedEventsAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The assertions on a {@link RecordingDomainEventPublisher}.
 */
class PublishedEventsAssertTests {

	private final RecordingDomainEventPublisher publisher = new RecordingDomainEventPublisher();

	record OrderPlaced(String orderId) {
	}

	record OrderPaid(String orderId) {
	}

	@Test
	void hasPublishedPassesForAPublishedTypeAndFailsOtherwise() {
		this.publisher.publish(new OrderPlaced("o-1"));

		assertThat(this.publisher).hasPublished(OrderPlaced.class).hasNotPublished(OrderPaid.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.publisher).hasPublished(OrderPaid.class))
			.withMessageContaining(OrderPaid.class.getName())
			.withMessageContaining(OrderPlaced.class.getName());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.publisher).hasNotPublished(OrderPlaced.class));
	}

	@Test
	void hasPublishedExactlyComparesTheEventsInOrder() {
		this.publisher.publish(new OrderPlaced("o-1"));
		this.publisher.publish(new OrderPaid("o-1"));

		assertThat(this.publisher).hasPublishedExactly(new OrderPlaced("o-1"), new OrderPaid("o-1"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> assertThat(this.publisher).hasPublishedExactly(new OrderPaid("o-1"), new OrderPlaced("o-1")));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.publisher).hasPublishedExactly(new OrderPlaced("o-1")));
	}

	@Test
	void hasNothingPublishedAndHasPublishedCount() {
		assertThat(this.publisher).hasNothingPublished().hasPublishedCount(0);

		this.publisher.publish(new OrderPlaced("o-1"));

		assertThat(this.publisher).hasPublishedCount(1);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.publisher).hasNothingPublished())
			.withMessageContaining("Expected nothing to be published");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.publisher).hasPublishedCount(2));
	}

	@Test
	void filteredOnATopicKeepsThatTopicsCallsOnly() {
		this.publisher.publish("orders", "c-1", new OrderPlaced("o-1"), Map.of());
		this.publisher.publish("payments", "c-1", new OrderPaid("o-1"), Map.of());

		assertThat(this.publisher).filteredOn("orders").hasPublishedExactly(new OrderPlaced("o-1"));
		assertThat(this.publisher).filteredOn("payments").hasPublishedExactly(new OrderPaid("o-1"));
		assertThat(this.publisher).filteredOn("shipments").hasNothingPublished();
		assertThat(this.publisher).filteredOn((publication) -> "c-1".equals(publication.key())).hasPublishedCount(2);
	}

	@Test
	void theRecordedCallsAndEventsAreOpenToAssertJsListAssertions() {
		this.publisher.publish("orders", "c-1", new OrderPlaced("o-1"), Map.of("tenant", "t-1"));

		assertThat(this.publisher).publications()
			.singleElement()
			.satisfies((publication) -> org.assertj.core.api.Assertions.assertThat(publication.headers())
				.containsEntry("tenant", "t-1"));
		assertThat(this.publisher).events()
			.singleElement()
			.isInstanceOfSatisfying(OrderPlaced.class,
					(order) -> org.assertj.core.api.Assertions.assertThat(order.orderId()).isEqualTo("o-1"));
	}

}
