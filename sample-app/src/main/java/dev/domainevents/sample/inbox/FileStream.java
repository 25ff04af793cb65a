/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.sample.inbox.FileResult.FailedLine;

/** Tallies the outcomes of one file's lines. */
final class FileStream implements Flow.Subscriber<PublishOutcome<EventMessage>> {

	final CompletableFuture<Void> completion = new CompletableFuture<>();

	private final LineEvents lineEvents;

	private final List<FailedLine> failedLines = new ArrayList<>();

	// Written by the stream's signals, which come one at a time; read after completion.
	long lines;

	long published;

	long journaled;

	long retriableFailures;

	volatile @Nullable String streamError;

	volatile boolean stopped;

	private volatile Flow.@Nullable Subscription subscription;

	FileStream(LineEvents lineEvents) {
		this.lineEvents = lineEvents;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.stopped) {
			subscription.cancel();
			return;
		}
		// Outcomes are only counted: the bound on lines in flight is publishAll's max-outstanding.
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public synchronized void onNext(PublishOutcome<EventMessage> outcome) {
		this.lines++;
		if (outcome.isPublished()) {
			this.published++;
		}
		else if (outcome.isJournaled()) {
			this.journaled++;
		}
		else {
			PublicationFailedException failure = outcome.failure();
			if (failure == null || failure.isRetriable()) {
				this.retriableFailures++;
			}
			else {
				String eventId = String.valueOf(outcome.event().eventId());
				long lineNumber = LineEvents.lineNumber(eventId);
				String parseError = this.lineEvents.parseError(lineNumber);
				this.failedLines.add(new FailedLine(lineNumber, eventId, failure.getReason(),
						(parseError != null) ? parseError : failure.getMessage()));
			}
		}
	}

	@Override
	public void onError(Throwable error) {
		this.completion.completeExceptionally(error);
	}

	@Override
	public void onComplete() {
		this.completion.complete(null);
	}

	synchronized List<FailedLine> failedLines() {
		List<FailedLine> sorted = new ArrayList<>(this.failedLines);
		sorted.sort((a, b) -> Long.compare(a.lineNumber(), b.lineNumber()));
		return sorted;
	}

	void stop() {
		this.stopped = true;
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
		this.completion.complete(null);
	}

}
