/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.reactor;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * A publisher without Kafka: it records each message and completes its future at once (unless told to hold them),
 * with a receipt, or with a non-retriable failure (so that a stream does not back off) for the events the test
 * names. Its futures count the calls to {@code cancel}. {@code publishAll} is the interface's default.
 */
final class StubDomainEventPublisher implements DomainEventPublisher {

	final List<EventMessage> messages = new CopyOnWriteArrayList<>();

	final List<TrackedFuture> futures = new CopyOnWriteArrayList<>();

	private final boolean completeAtOnce;

	private final Predicate<Object> failing;

	StubDomainEventPublisher(boolean completeAtOnce, Predicate<Object> failing) {
		this.completeAtOnce = completeAtOnce;
		this.failing = failing;
	}

	/** A stub that completes every event at once, each with a receipt. */
	static StubDomainEventPublisher succeeding() {
		return new StubDomainEventPublisher(true, (event) -> false);
	}

	/** A stub that holds every future until the test completes it with {@link #completeAll()}. */
	static StubDomainEventPublisher holding() {
		return new StubDomainEventPublisher(false, (event) -> false);
	}

	/** A stub that completes every event at once, failing those the predicate names. */
	static StubDomainEventPublisher failing(Predicate<Object> failing) {
		return new StubDomainEventPublisher(true, failing);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(Object event) {
		return publish((event instanceof EventMessage message) ? message : EventMessage.of(event));
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(EventMessage message) {
		int offset = this.messages.size();
		this.messages.add(message);
		TrackedFuture future = new TrackedFuture(message, offset);
		this.futures.add(future);
		if (this.completeAtOnce) {
			complete(future);
		}
		return future;
	}

	/** Completes every future still open. */
	void completeAll() {
		this.futures.forEach(this::complete);
	}

	private void complete(TrackedFuture future) {
		Object event = future.message.event();
		if (event == null || this.failing.test(event)) {
			future.completeExceptionally(new PublicationFailedException(
					(event == null) ? FailureReason.INVALID_EVENT : FailureReason.SERIALIZATION, "stub", null,
					future.message, false, false));
		}
		else {
			String topic = (future.message.topic() != null) ? future.message.topic() : "events";
			future.complete(new PublishReceipt("id-" + future.offset, topic, 0, future.offset, Instant.now()));
		}
	}

	/** A future that counts the calls to {@code cancel}. */
	static final class TrackedFuture extends CompletableFuture<PublishReceipt> {

		final AtomicInteger cancelCalls = new AtomicInteger();

		final EventMessage message;

		final int offset;

		TrackedFuture(EventMessage message, int offset) {
			this.message = message;
			this.offset = offset;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.cancelCalls.incrementAndGet();
			return super.cancel(mayInterruptIfRunning);
		}

	}

}
