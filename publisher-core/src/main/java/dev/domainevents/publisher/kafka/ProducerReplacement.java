/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Decides when a producer left unusable by a fatal error is replaced: after a back-off in which no record succeeded
 * (it may recover by itself), doubling from one second up to thirty while replacements do not help. The dispatcher
 * replaces it on its own thread: closing a producer from its own callback would fail everything it holds at once.
 * A producer factory the application gave is never reset: the publisher does not own its producers.
 */
final class ProducerReplacement {

	private static final Logger logger = LoggerFactory.getLogger(ProducerReplacement.class);

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final ProducerFactory<byte[], byte[]> producerFactory;

	private final boolean ownsProducerFactory;

	// Set by the network thread or the dispatcher, read by the dispatcher.
	private volatile @Nullable Throwable fatalError;

	private volatile long backoffNanos = FIRST_BACKOFF_NANOS;

	private volatile long dueNanos;

	ProducerReplacement(ProducerFactory<byte[], byte[]> producerFactory, boolean ownsProducerFactory) {
		this.producerFactory = producerFactory;
		this.ownsProducerFactory = ownsProducerFactory;
	}

	/**
	 * Notes an error the producer reported.
	 * @return whether it starts a back-off, at whose end the dispatcher must wake to replace the producer
	 */
	boolean noteError(Throwable cause) {
		if (Failure.isFatalForProducer(cause) && this.fatalError == null) {
			this.dueNanos = System.nanoTime() + this.backoffNanos;
			this.fatalError = cause;
			return true;
		}
		return false;
	}

	/** A record succeeded: the producer works. Runs for every record, so it reads before it writes a volatile. */
	void noteSuccess() {
		if (this.fatalError != null) {
			this.fatalError = null;
		}
		if (this.backoffNanos != FIRST_BACKOFF_NANOS) {
			this.backoffNanos = FIRST_BACKOFF_NANOS;
		}
	}

	/**
	 * Replaces the producer if its back-off ended with no success, on the dispatcher thread.
	 * @return whether it was replaced: the new producer knows no topic's metadata yet
	 */
	boolean replaceIfDue() {
		Throwable error = this.fatalError;
		if (error == null || System.nanoTime() - this.dueNanos < 0) {
			return false;
		}
		this.fatalError = null;
		long noSuccessMillis = TimeUnit.NANOSECONDS.toMillis(this.backoffNanos);
		if (!this.ownsProducerFactory) {
			logger.warn("No record succeeded for {} ms after the Kafka producer reported {}; the producer factory "
					+ "was given to the publisher, so it is not reset", noSuccessMillis, error.toString());
			return false;
		}
		logger.warn("No record succeeded for {} ms after the Kafka producer reported {}; replacing the producer",
				noSuccessMillis, error.toString());
		boolean replaced = false;
		try {
			this.producerFactory.reset();
			replaced = true;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not replace the Kafka producer", ex);
		}
		this.backoffNanos = Math.min(this.backoffNanos * 2, MAX_BACKOFF_NANOS);
		return replaced;
	}

	/** How long the dispatcher may sleep before a replacement falls due; {@link Long#MAX_VALUE} when none will. */
	long nanosUntilDue() {
		return (this.fatalError != null) ? Math.max(0, this.dueNanos - System.nanoTime()) : Long.MAX_VALUE;
	}

}
