/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

/**
 * What {@code publish()} does when the publisher's queue is full, in events or in bytes.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

	/**
	 * Return at once a future already failed with {@link FailureReason#QUEUE_FULL}.
	 */
	REJECT,

	/**
	 * Wait up to the configured maximum for space, then fail with {@link FailureReason#QUEUE_FULL}. A waiting caller
	 * is accepted as soon as space frees, fails with {@link FailureReason#SHUTTING_DOWN} when the publisher closes, and
	 * with {@link FailureReason#INTERRUPTED} (its interrupt flag restored) when interrupted.
	 */
	BLOCK

}
