/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Duration;

/**
 * Hears the outcome of every publication, for metrics, logging, auditing, or storing failed events. Outcomes of
 * accepted events arrive on the publisher's completion threads, just before the caller's future completes, never on
 * Kafka's network thread; rejections arrive on the caller's thread. A listener must be quick and must not throw;
 * an exception it throws is logged (at most once a minute per kind) and ignored: the future completes all the same.
 *
 * @since 0.1.0
 */
public interface PublicationListener {

	/**
	 * Called when Kafka acknowledged an event.
	 * @param receipt what Kafka acknowledged
	 * @param latency the time from acceptance to acknowledgement
	 */
	default void onSuccess(PublishReceipt receipt, Duration latency) {
	}

	/**
	 * Called when an accepted event failed.
	 * @param failure the failure, which carries the event
	 * @param latency the time from acceptance to failure
	 */
	default void onFailure(PublicationFailedException failure, Duration latency) {
	}

	/**
	 * Called when a call was refused before its event was accepted: invalid, not serializable, too large, queue full,
	 * shutting down or interrupted.
	 * @param failure the failure, which carries the event
	 */
	default void onRejection(PublicationFailedException failure) {
	}

}
