/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

final class EventLifecycle {

	private final OutcomeReporter outcomes;

	private final Completions completions;

	EventLifecycle(OutcomeReporter outcomes, Completions completions) {
		this.outcomes = outcomes;
		this.completions = completions;
	}

	void succeed(PendingEvent event, PublishReceipt receipt) {
		if (event.markDone() == PendingEvent.DONE) {
			return;
		}
		event.succeedWith(receipt);
		this.completions.add(event);
	}

	void fail(PendingEvent event, Failure failure) {
		int stage = event.markDone();
		if (stage == PendingEvent.DONE) {
			return;
		}
		event.stageWhenDone = stage;
		event.failWith(exception(event, failure));
		this.outcomes.failed(failure);
		this.completions.add(event);
	}

	void failClaimed(PendingEvent event, Failure failure) {
		event.failWith(exception(event, failure));
		this.outcomes.failed(failure);
		this.completions.addCounted(event);
	}

	private static PublicationFailedException exception(PendingEvent event, Failure failure) {
		return new PublicationFailedException(failure.reason(), failure.detail(), failure.cause(),
				event.resolvedMessage(), null, failure.retriable(), failure.possiblyWritten());
	}

}
