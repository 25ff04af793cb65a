/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which positions are acknowledged: everything below a low-water mark, and above it a few ranges (acknowledgements
 * come in nearly in order, so contiguous runs merge and the map stays small). The lock is held for a map operation
 * or two: acknowledging is cheap from any thread.
 */
final class AcknowledgedPositions {

	private long lowWater;

	/** Start to end (exclusive) of the acknowledged runs above the low-water mark; never touching one another. */
	private final TreeMap<Long, Long> ranges = new TreeMap<>();

	AcknowledgedPositions(long lowWater) {
		this.lowWater = lowWater;
	}

	/** Every position below it is acknowledged; it is not. */
	synchronized long lowWater() {
		return this.lowWater;
	}

	synchronized boolean isAcknowledged(long position) {
		if (position < this.lowWater) {
			return true;
		}
		Map.Entry<Long, Long> run = this.ranges.floorEntry(position);
		return run != null && position < run.getValue();
	}

	/** @return whether the position was not acknowledged before */
	synchronized boolean acknowledge(long position) {
		if (isAcknowledged(position)) {
			return false;
		}
		acknowledgeRange(position, position + 1);
		return true;
	}

	/** Acknowledges {@code [from, to)}; the caller knows none of it was (positions that were never written). */
	synchronized void acknowledgeRange(long from, long to) {
		long start = Math.max(from, this.lowWater);
		long end = to;
		if (start >= end) {
			return;
		}
		Map.Entry<Long, Long> before = this.ranges.floorEntry(start);
		if (before != null && before.getValue() >= start) {
			start = before.getKey();
			end = Math.max(end, before.getValue());
			this.ranges.remove(before.getKey());
		}
		Map.Entry<Long, Long> after = this.ranges.ceilingEntry(start);
		while (after != null && after.getKey() <= end) {
			end = Math.max(end, after.getValue());
			this.ranges.remove(after.getKey());
			after = this.ranges.ceilingEntry(start);
		}
		if (start == this.lowWater) {
			this.lowWater = end;
		}
		else {
			this.ranges.put(start, end);
		}
	}

	/** The number of runs kept above the low-water mark (for tests: it stays small). */
	synchronized int runs() {
		return this.ranges.size();
	}

}
