/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes and events handed to the producer and not yet answered. Bounding it below the producer's
 * {@code buffer.memory} means that during an outage events wait in our queue, where their deadline and the overflow
 * policy govern them, rather than in the producer, where {@code send()} would block the dispatcher.
 * <p>
 * Only the dispatcher acquires; the send callbacks release.
 */
final class InFlightWindow {

	private final long capacityBytes;

	private final AtomicLong bytes = new AtomicLong();

	// Only read for statistics: a LongAdder spares the dispatcher and the network thread a second contended atomic
	// per record.
	private final LongAdder events = new LongAdder();

	InFlightWindow(long capacityBytes) {
		this.capacityBytes = capacityBytes;
	}

	long capacityBytes() {
		return this.capacityBytes;
	}

	long freeBytes() {
		return this.capacityBytes - this.bytes.get();
	}

	long bytes() {
		return this.bytes.get();
	}

	long events() {
		return this.events.sum();
	}

	void acquire(int size) {
		this.bytes.addAndGet(size);
		this.events.increment();
	}

	/**
	 * Releases an answered event's bytes.
	 * @return the free bytes after the release
	 */
	long release(int size) {
		this.events.decrement();
		return this.capacityBytes - this.bytes.addAndGet(-size);
	}

}
