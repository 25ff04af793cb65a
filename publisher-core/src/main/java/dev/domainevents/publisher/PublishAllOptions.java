/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DomainEventPublisher#publishAll(java.util.concurrent.Flow.Publisher, PublishAllOptions)} pulls a
 * stream: how many events may be outstanding (accepted, their outcome not yet emitted), in which order outcomes are
 * emitted, and how long it stops pulling after a retriable failure. Immutable; each {@code with} method returns a
 * copy.
 *
 * @since 0.1.0
 */
public final class PublishAllOptions {

	/** The default bound of outstanding events: a tenth of the queue's default bound of 10,000. */
	public static final int DEFAULT_MAX_OUTSTANDING = 1024;

	/** The default first pause after a retriable failure. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

	/** The default longest pause. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

	private static final PublishAllOptions DEFAULTS = new PublishAllOptions(DEFAULT_MAX_OUTSTANDING, Order.ACCEPTANCE,
			DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);

	private final int maxOutstanding;

	private final Order order;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private PublishAllOptions(int maxOutstanding, Order order, Duration initialBackoff, Duration maxBackoff) {
		this.maxOutstanding = maxOutstanding;
		this.order = order;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
	}

	/** The defaults: 1,024 outstanding, acceptance order, backoff from 100 ms to 30 s. */
	public static PublishAllOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Sets how many events may be outstanding at most: accepted by the publisher, their outcome not yet emitted.
	 * @param maxOutstanding at least 1
	 * @return a copy with the bound
	 */
	public PublishAllOptions withMaxOutstanding(int maxOutstanding) {
		if (maxOutstanding < 1) {
			throw new IllegalArgumentException("maxOutstanding must be at least 1");
		}
		return new PublishAllOptions(maxOutstanding, this.order, this.initialBackoff, this.maxBackoff);
	}

	/**
	 * Sets the order of the outcomes.
	 * @param order acceptance order (the default) or completion order
	 * @return a copy with the order
	 */
	public PublishAllOptions withOrder(Order order) {
		return new PublishAllOptions(this.maxOutstanding, Objects.requireNonNull(order, "order"), this.initialBackoff,
				this.maxBackoff);
	}

	/**
	 * Sets the pause after a retriable failure: the first, doubled after each further one up to the longest, each
	 * drawn with jitter; after it, one event probes, and its success opens the window again.
	 * @param initial the first pause, positive
	 * @param max the longest pause, not shorter than the first
	 * @return a copy with the backoff
	 */
	public PublishAllOptions withBackoff(Duration initial, Duration max) {
		if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("the backoff must be positive, and its maximum not below its start");
		}
		return new PublishAllOptions(this.maxOutstanding, this.order, initial, max);
	}

	public int maxOutstanding() {
		return this.maxOutstanding;
	}

	public Order order() {
		return this.order;
	}

	public Duration initialBackoff() {
		return this.initialBackoff;
	}

	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	@Override
	public String toString() {
		return "PublishAllOptions[maxOutstanding=" + this.maxOutstanding + ", order=" + this.order + ", backoff="
				+ this.initialBackoff + ".." + this.maxBackoff + "]";
	}

	/** The order of a stream's outcomes. */
	public enum Order {

		/**
		 * The order the events came from the source: an outcome waits for those of earlier events, so that a reader
		 * can commit its position over a contiguous run.
		 */
		ACCEPTANCE,

		/** The order the outcomes arrive: none waits for another. */
		COMPLETION

	}

}
