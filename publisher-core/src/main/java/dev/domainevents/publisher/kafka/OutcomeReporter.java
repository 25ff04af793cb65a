/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.PublishReceipt;

/**
 * Counts the outcomes the ledger does not (rejections, failures by reason and class), remembers the latest success and
 * failures, and tells the {@link PublicationListener}s. A listener's error is the listener's: the outcome stands,
 * and the thread that told it goes on.
 */
final class OutcomeReporter {

	private final List<PublicationListener> listeners;

	private final Workers workers;

	private final FailureLog failureLog = new FailureLog();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder[] rejectedByReason = adders(FailureReason.values().length);

	// Indexed by reason, then 0 for not written and 1 for possibly written.
	private final LongAdder[] failedByReasonAndClass = adders(FailureReason.values().length * 2);

	private volatile long lastSuccessMillis;

	private volatile long lastFailureMillis;

	private volatile @Nullable FailureReason lastFailureReason;

	OutcomeReporter(List<PublicationListener> listeners, Workers workers) {
		this.listeners = List.copyOf(listeners);
		this.workers = workers;
	}

	/**
	 * Counts a call refused before its event was accepted, tells the listeners, and returns the failure for its
	 * future.
	 */
	PublicationFailedException rejection(EventMessage message, FailureReason reason, @Nullable String detail,
			@Nullable Throwable cause) {
		this.rejected.increment();
		this.rejectedByReason[reason.ordinal()].increment();
		boolean retriable = switch (reason) {
			case QUEUE_FULL, SHUTTING_DOWN, INTERRUPTED -> true;
			default -> false;
		};
		PublicationFailedException failure = new PublicationFailedException(reason, detail, cause, message, retriable,
				false);
		for (PublicationListener listener : this.listeners) {
			try {
				listener.onRejection(failure);
			}
			catch (Throwable ex) {
				listenerFailed(ex);
			}
		}
		return failure;
	}

	/** Counts the failure of an accepted event, when its outcome is decided. */
	void failed(Failure failure) {
		this.failedByReasonAndClass[failure.reason().ordinal() * 2 + (failure.possiblyWritten() ? 1 : 0)].increment();
	}

	/**
	 * Runs on the completion executor just before the caller's future completes: never on Kafka's network thread.
	 */
	void beforeCompletion(PendingEvent event) {
		PublishReceipt receipt = event.receipt();
		PublicationFailedException failure = event.failure();
		if (receipt != null) {
			long nowMillis = System.currentTimeMillis();
			// Written only when it changes: this runs for every event, and a volatile write costs a fence.
			if (this.lastSuccessMillis != nowMillis) {
				this.lastSuccessMillis = nowMillis;
			}
		}
		else if (failure != null) {
			this.lastFailureMillis = System.currentTimeMillis();
			this.lastFailureReason = failure.getReason();
			this.failureLog.failed(failure);
		}
		if (this.listeners.isEmpty()) {
			return;
		}
		Duration latency = Duration.ofNanos(System.nanoTime() - event.acceptedNanos);
		for (PublicationListener listener : this.listeners) {
			try {
				if (receipt != null) {
					listener.onSuccess(receipt, latency);
				}
				else if (failure != null) {
					listener.onFailure(failure, latency);
				}
			}
			catch (Throwable ex) {
				listenerFailed(ex);
			}
		}
	}

	private void listenerFailed(Throwable ex) {
		if (Workers.isFatal(ex)) {
			throw (Error) ex;
		}
		this.workers.survived("telling a PublicationListener", ex);
	}

	long rejected() {
		return this.rejected.sum();
	}

	long failedCount(FailureReason reason, boolean possiblyWritten) {
		return this.failedByReasonAndClass[reason.ordinal() * 2 + (possiblyWritten ? 1 : 0)].sum();
	}

	long rejectedCount(FailureReason reason) {
		return this.rejectedByReason[reason.ordinal()].sum();
	}

	List<PublisherInspection.RecentFailure> recentFailures() {
		return this.failureLog.recent();
	}

	@Nullable Instant lastSuccess() {
		long millis = this.lastSuccessMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

	@Nullable Instant lastFailure() {
		long millis = this.lastFailureMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

	@Nullable FailureReason lastFailureReason() {
		return this.lastFailureReason;
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

}
