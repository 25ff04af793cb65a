/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

/**
 * A consistent snapshot of a publisher's ledger. At every moment
 * {@code accepted == succeeded + failed + pending}: nothing is silently dropped.
 *
 * @param accepted events that entered the queue
 * @param succeeded accepted events that Kafka acknowledged
 * @param failed accepted events whose future failed
 * @param pending accepted events whose future has not completed yet, counted from the queue and the in-flight window
 * @param rejected calls that got a failed future without their event being accepted: invalid, not serializable,
 * too large, queue full, shutting down, interrupted
 * @param queuedEvents events waiting in the queue, including events parked for a topic without metadata
 * @param queuedBytes estimated record bytes waiting in the queue
 * @param inFlightEvents events handed to the producer and not yet answered
 * @param inFlightBytes estimated record bytes handed to the producer and not yet answered
 * @param heldEvents events that hold room in the queue's bounds: every accepted event, from its acceptance until its
 * future has completed (queued, parked, in flight, or waiting for a completion thread)
 * @param heldBytes estimated record bytes of those events; the queue's bounds apply to these two
 * @since 0.1.0
 */
public record PublisherStats(long accepted, long succeeded, long failed, long pending, long rejected,
		long queuedEvents, long queuedBytes, long inFlightEvents, long inFlightBytes, long heldEvents,
		long heldBytes) {
}
