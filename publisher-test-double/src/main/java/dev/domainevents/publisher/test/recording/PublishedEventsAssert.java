/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on what a {@link RecordingDomainEventPublisher} recorded.
 * <pre>{@code
 * assertThat(publisher).hasPublished(OrderPlaced.class);
 * assertThat(publisher).filteredOn("orders").hasPublishedExactly(new OrderPlaced("o-1"), new OrderPaid("o-1"));
 * assertThat(publisher).events().singleElement().isInstanceOfSatisfying(OrderPlaced.class, (o) -> ...);
 * }</pre>
 *
 * @since 0.1.0
 */
public class PublishedEventsAssert extends AbstractAssert<PublishedEventsAssert, List<Publication>> {

	/**
	 * Creates the assertions on a list of recorded calls.
	 * @param publications the calls
	 */
	protected PublishedEventsAssert(List<Publication> publications) {
		super(publications, PublishedEventsAssert.class);
	}

	/**
	 * Starts the assertions on what a recording publisher recorded so far.
	 * @param publisher the publisher
	 * @return the assertions
	 */
	public static PublishedEventsAssert assertThat(RecordingDomainEventPublisher publisher) {
		return new PublishedEventsAssert(Objects.requireNonNull(publisher, "publisher").publications());
	}

	/**
	 * Verifies that at least one event of a type was published.
	 * @param type the type
	 * @return this
	 */
	public PublishedEventsAssert hasPublished(Class<?> type) {
		isNotNull();
		if (this.actual.stream().noneMatch((publication) -> type.isInstance(publication.event()))) {
			failWithMessage("Expected an event of type <%s> to be published, but the published events were <%s>",
					type.getName(), describe(this.actual));
		}
		return this;
	}

	/**
	 * Verifies that no event of a type was published.
	 * @param type the type
	 * @return this
	 */
	public PublishedEventsAssert hasNotPublished(Class<?> type) {
		isNotNull();
		List<Publication> matching = this.actual.stream()
			.filter((publication) -> type.isInstance(publication.event()))
			.toList();
		if (!matching.isEmpty()) {
			failWithMessage("Expected no event of type <%s> to be published, but found <%s>", type.getName(),
					describe(matching));
		}
		return this;
	}

	/**
	 * Verifies that exactly these events were published, in this order, and nothing else; events are compared with
	 * {@code equals}.
	 * @param events the events
	 * @return this
	 */
	public PublishedEventsAssert hasPublishedExactly(@Nullable Object... events) {
		isNotNull();
		List<@Nullable Object> published = this.actual.stream().map(Publication::event).toList();
		if (!published.equals(Arrays.asList(events))) {
			failWithMessage("Expected exactly <%s> to be published, in this order, but the published events were <%s>",
					Arrays.toString(events), published);
		}
		return this;
	}

	/**
	 * Verifies that exactly this many events were published.
	 * @param count the number of calls
	 * @return this
	 */
	public PublishedEventsAssert hasPublishedCount(int count) {
		isNotNull();
		if (this.actual.size() != count) {
			failWithMessage("Expected <%s> events to be published, but there were <%s>: <%s>", count,
					this.actual.size(), describe(this.actual));
		}
		return this;
	}

	/**
	 * Verifies that nothing was published.
	 * @return this
	 */
	public PublishedEventsAssert hasNothingPublished() {
		isNotNull();
		if (!this.actual.isEmpty()) {
			failWithMessage("Expected nothing to be published, but found <%s>", describe(this.actual));
		}
		return this;
	}

	/**
	 * Continues with the calls that went to a topic only.
	 * @param topic the topic
	 * @return the assertions on those calls
	 */
	public PublishedEventsAssert filteredOn(String topic) {
		return filteredOn((publication) -> publication.topic().equals(topic));
	}

	/**
	 * Continues with the calls a predicate accepts only.
	 * @param condition the condition
	 * @return the assertions on those calls
	 */
	public PublishedEventsAssert filteredOn(Predicate<? super Publication> condition) {
		isNotNull();
		return new PublishedEventsAssert(this.actual.stream().filter(condition::test).toList());
	}

	/**
	 * Continues with AssertJ's list assertions on the recorded calls, with their topics, keys, headers, types and ids.
	 * @return the list assertions
	 */
	public ListAssert<Publication> publications() {
		isNotNull();
		return Assertions.assertThat(this.actual);
	}

	/**
	 * Continues with AssertJ's list assertions on the published events.
	 * @return the list assertions
	 */
	public ListAssert<@Nullable Object> events() {
		isNotNull();
		return Assertions.assertThat(this.actual.stream().map(Publication::event).toList());
	}

	private static String describe(List<Publication> publications) {
		return publications.stream()
			.map((publication) -> publication.eventType() + " to " + publication.topic())
			.toList()
			.toString();
	}

}
