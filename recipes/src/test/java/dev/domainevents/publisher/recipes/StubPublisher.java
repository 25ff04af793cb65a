/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * A publisher without Kafka for the recipes: it records each message and completes its future at once with a
 * receipt (or holds it, for the cancellation tests), failing the event {@code "bad"} with a non-retriable failure.
 * Its futures count the calls to {@code cancel}. {@code publishAll} is the interface's default.
 */
public final class StubPublisher implements DomainEventPublisher {

	/** The event the stub fails. */
	public static final String BAD = "bad";

	public final List<EventMessage> messages = new CopyOnWriteArrayList<>();

	public final List<TrackedFuture> futures = new CopyOnWriteArrayList<>();

	private final boolean completeAtOnce;

	private StubPublisher(boolean completeAtOnce) {
		this.completeAtOnce = completeAtOnce;
	}

	/** A stub that completes every event at once. */
	public static StubPublisher completing() {
		return new StubPublisher(true);
	}

	/** A stub that holds every future until {@link #completeAll()}. */
	public static StubPublisher holding() {
		return new StubPublisher(false);
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
	public void completeAll() {
		this.futures.forEach(StubPublisher::complete);
	}

	/** How many times anything called {@code cancel} on the stub's futures. */
	public int cancelCalls() {
		return this.futures.stream().mapToInt((future) -> future.cancelCalls.get()).sum();
	}

	private static void complete(TrackedFuture future) {
		if (BAD.equals(future.message.event())) {
			future.completeExceptionally(new PublicationFailedException(FailureReason.SERIALIZATION, "stub", null,
					future.message, false, false));
		}
		else {
			future.complete(new PublishReceipt("id-" + future.offset, "events", 0, future.offset, Instant.now()));
		}
	}

	/** A future that counts the calls to {@code cancel}. */
	public static final class TrackedFuture extends CompletableFuture<PublishReceipt> {

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
