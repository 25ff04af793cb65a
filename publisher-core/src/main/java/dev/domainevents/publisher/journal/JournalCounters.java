/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.util.concurrent.atomic.AtomicLong;

/** The journal's counters; those without an atomic are written by the writer thread only. */
final class JournalCounters {

	/** Bytes of the segments on disk plus those of appends accepted and not yet written: checked against maxBytes. */
	final AtomicLong reservedBytes = new AtomicLong();

	final AtomicLong diskBytes = new AtomicLong();

	final AtomicLong heldEvents = new AtomicLong();

	final AtomicLong deadLettered = new AtomicLong();

	/** The position after the last forced one: acknowledgements of positions at or beyond it are ignored. */
	volatile long durablePosition;

	volatile long appended;

	volatile long forces;

	volatile long forceNanosTotal;

	volatile long forceNanosMax;

	/** Takes {@code bytes} out of the bound, unless that would exceed it. */
	boolean reserve(long bytes, long maxBytes) {
		long reserved;
		do {
			reserved = this.reservedBytes.get();
			if (reserved + bytes > maxBytes) {
				return false;
			}
		}
		while (!this.reservedBytes.compareAndSet(reserved, reserved + bytes));
		return true;
	}

	void forced(long nanos) {
		this.forces++;
		this.forceNanosTotal += nanos;
		if (nanos > this.forceNanosMax) {
			this.forceNanosMax = nanos;
		}
	}

}
