/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.journal.JournalRefusal;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

/**
 * A classified failure: why, whether a retry may help, and whether the record may have been written. The stage in
 * which a failure happened decides the last: nothing thrown by {@code send()} was appended to the producer's buffer,
 * while a failure reported later may follow a write that the broker made but could not confirm.
 *
 * @param reason why the event failed
 * @param retriable whether publishing it again may succeed
 * @param possiblyWritten whether the record may be in the topic
 * @param detail a short explanation, or {@code null} to show the cause
 * @param cause the client's error, or {@code null}
 */
record Failure(FailureReason reason, boolean retriable, boolean possiblyWritten, @Nullable String detail,
		@Nullable Throwable cause) {

	static Failure notWritten(FailureReason reason, boolean retriable, @Nullable String detail,
			@Nullable Throwable cause) {
		return new Failure(reason, retriable, false, detail, cause);
	}

	/**
	 * Whether an error thrown by {@code send()} only says that the producer had no metadata for the topic within its
	 * small {@code max.block.ms}. Such an event is parked, not failed. A metadata wait that ended in a denial is not
	 * one: {@link #unwrap} has turned it into the denial already. Nor is a full buffer, though it is a
	 * {@link TimeoutException} too.
	 */
	static boolean isWaitForMetadata(Throwable cause) {
		return cause instanceof TimeoutException && !isBufferFull(cause);
	}

	/**
	 * Whether an error thrown by {@code send()} says that the producer's {@code buffer.memory} had no room for the
	 * record within {@code max.block.ms}: batches of other partitions hold it. The event was not appended, and says
	 * nothing about its topic, so it goes back to the queue rather than parking its topic.
	 */
	static boolean isBufferFull(Throwable cause) {
		return cause instanceof BufferExhaustedException;
	}

	/** An event beyond its topic's share of the queue while the topic has no metadata. */
	static Failure parkedShareExceeded() {
		return notWritten(FailureReason.TOPIC_UNAVAILABLE, true,
				"the topic has no metadata and its parked events fill its share of the queue", null);
	}

	/**
	 * Whether an error may have left the producer unusable for good, so that it must be replaced. kafka-clients 4.1
	 * recovers by itself from a refused producer id (a {@link ClusterAuthorizationException} moves it back to
	 * uninitialized), but a batch refused that way, an unsupported version or a fenced producer id leave it in a fatal
	 * state that fails every later record. The two look alike from outside, so the dispatcher replaces the producer
	 * only when no record succeeded for a back-off period after such an error. A topic-level denial is never one:
	 * the producer keeps working for other topics, and replacing it would fail their records in flight for nothing.
	 */
	static boolean isFatalForProducer(Throwable cause) {
		return cause instanceof ClusterAuthorizationException || cause instanceof UnsupportedVersionException
				|| cause instanceof ProducerFencedException || cause instanceof InvalidPidMappingException;
	}

	/** Whether an error thrown by {@code send()} denies its topic to this principal. */
	static boolean isTopicDenied(Throwable cause) {
		return cause instanceof TopicAuthorizationException;
	}

	/** Classifies an error thrown by {@code send()}: the record was not appended, so it was not written. */
	static Failure thrownBySend(Throwable cause) {
		return new Failure(reasonOf(cause), isRetriable(cause), false, null, cause);
	}

	/** Classifies an error reported by the producer's callback, after the record was appended. */
	static Failure reportedByCallback(Throwable cause) {
		FailureReason reason = reasonOf(cause);
		// The broker refused these requests outright; anything else may follow a write it could not confirm.
		boolean rejectedByBroker = cause instanceof RecordTooLargeException
				|| cause instanceof RecordBatchTooLargeException || cause instanceof AuthorizationException
				|| cause instanceof InvalidTopicException;
		return new Failure(reason, isRetriable(cause), !rejectedByBroker, null, cause);
	}

	/**
	 * Classifies an event claimed by the deadline timer in the given stage. A parked event of a topic this publisher
	 * has written to before waited for a broker, not for a topic: when the producer loses every connection it
	 * forgets all metadata, and an outage then looks like a missing topic.
	 */
	static Failure expired(Stage stage, boolean topicWasWritten) {
		return switch (stage) {
			case PARKED -> topicWasWritten
					? notWritten(FailureReason.DELIVERY_TIMEOUT, true,
							"no broker answered for the topic's metadata before the event's deadline", null)
					: notWritten(FailureReason.TOPIC_UNAVAILABLE, true,
							"no metadata for the topic before the event's deadline", null);
			case QUEUED -> notWritten(FailureReason.DELIVERY_TIMEOUT, true,
					"deadline passed while queued", null);
			default -> new Failure(FailureReason.DELIVERY_TIMEOUT, true, true,
					"deadline passed while the producer had the record", null);
		};
	}

	/**
	 * An event the journal should have kept, and did not.
	 * @param refusal why the journal did not take it
	 * @param original why the event could not be published, or {@code null} when it was sent to the journal for
	 * another reason (the queue was full, its key waits behind journaled events)
	 */
	static Failure notJournaled(JournalRefusal refusal, @Nullable Failure original) {
		FailureReason reason = (refusal.kind() == JournalRefusal.Kind.FULL) ? FailureReason.JOURNAL_FULL
				: FailureReason.JOURNAL_UNAVAILABLE;
		String why = (refusal.kind() == JournalRefusal.Kind.FULL) ? "the journal is full" : "the journal is unavailable";
		String detail = (original != null)
				? why + " and could not keep the event, which failed with " + original.reason()
						+ ((original.detail() != null) ? " (" + original.detail() + ")" : "") + ": " + refusal.detail()
				: why + ": " + refusal.detail();
		Throwable cause = (refusal.cause() != null) ? refusal.cause() : (original != null) ? original.cause() : null;
		return new Failure(reason, true, original != null && original.possiblyWritten(), detail, cause);
	}

	/** An event the queue's overflow moved to the journal, claimed in the given stage. */
	static Failure overflowed(Stage stage) {
		return new Failure(FailureReason.QUEUE_FULL, true, stage.mayHaveBeenWritten(),
				"the queue overflowed with a journal on, and its events moved to the journal", null);
	}

	/** Classifies an event failed by the shutdown in the given stage. */
	static Failure shutDown(Stage stage) {
		boolean sent = stage.mayHaveBeenWritten();
		return new Failure(FailureReason.SHUTTING_DOWN, true, sent,
				sent ? "publisher closed before the broker answered" : "publisher closed before the event was sent",
				null);
	}

	/**
	 * Strips the wrappers around the client's real error: spring-kafka's and the futures', the plain
	 * {@link KafkaException} the producer throws while it is in an error state ("Cannot execute transactional method
	 * because we are in an error state"), and a metadata wait that timed out because the topic is denied.
	 */
	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while (current.getCause() != null && current.getCause() != current) {
			Throwable cause = current.getCause();
			boolean wrapper = current instanceof org.springframework.kafka.KafkaException
					|| current instanceof CompletionException || current instanceof ExecutionException
					|| current.getClass() == KafkaException.class
					|| current instanceof TimeoutException && cause instanceof AuthorizationException;
			if (!wrapper) {
				break;
			}
			current = cause;
		}
		return current;
	}

	private static FailureReason reasonOf(Throwable cause) {
		if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
			return FailureReason.RECORD_TOO_LARGE;
		}
		if (cause instanceof TimeoutException) {
			return FailureReason.DELIVERY_TIMEOUT;
		}
		if (cause instanceof AuthorizationException || cause instanceof AuthenticationException) {
			return FailureReason.AUTHORIZATION;
		}
		if (cause instanceof InvalidTopicException) {
			return FailureReason.INVALID_EVENT;
		}
		if (cause instanceof SerializationException) {
			return FailureReason.SERIALIZATION;
		}
		if (isProducerGone(cause)) {
			return FailureReason.PRODUCER_CLOSED;
		}
		return FailureReason.OTHER;
	}

	private static boolean isProducerGone(Throwable cause) {
		if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
				|| cause instanceof OutOfOrderSequenceException || cause instanceof InterruptException
				|| cause instanceof IllegalStateException) {
			return true;
		}
		// RecordAccumulator.abortBatches and TransactionManager fail records this way on a forced close.
		return cause instanceof KafkaException && cause.getMessage() != null
				&& cause.getMessage().contains("closed forcefully");
	}

	private static boolean isRetriable(Throwable cause) {
		return switch (reasonOf(cause)) {
			case RECORD_TOO_LARGE, AUTHORIZATION, INVALID_EVENT, SERIALIZATION -> false;
			case DELIVERY_TIMEOUT, PRODUCER_CLOSED -> true;
			default -> cause instanceof RetriableException;
		};
	}

}
