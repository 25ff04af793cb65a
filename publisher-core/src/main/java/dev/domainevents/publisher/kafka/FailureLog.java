/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublisherInspection;

/**
 * Logs each failure of an accepted event once, at WARN, with its id, type, topic and reason but never its payload;
 * at most {@value #LINES_PER_SECOND} lines a second, so that an outage failing thousands of events does not flood
 * the log: the rest are counted and reported in one line. Also keeps the latest failures for inspection.
 */
final class FailureLog {

	static final int LINES_PER_SECOND = 10;

	static final int RECENT = 50;

	private static final Logger logger = LoggerFactory.getLogger(KafkaDomainEventPublisher.class);

	private final ArrayDeque<PublisherInspection.RecentFailure> recent = new ArrayDeque<>(RECENT);

	private long windowStartNanos = System.nanoTime();

	private int linesInWindow;

	private long suppressed;

	synchronized void failed(PublicationFailedException failure) {
		if (this.recent.size() == RECENT) {
			this.recent.pollFirst();
		}
		this.recent.addLast(new PublisherInspection.RecentFailure(java.time.Instant.now(), failure.getReason(),
				failure.isPossiblyWritten(), failure.getEventType(), failure.getTopic(), failure.getEventId()));
		if (!logger.isWarnEnabled()) {
			return;
		}
		long now = System.nanoTime();
		if (now - this.windowStartNanos >= TimeUnit.SECONDS.toNanos(1)) {
			if (this.suppressed > 0) {
				logger.warn("{} more domain events failed in the last second (not logged one by one)", this.suppressed);
			}
			this.windowStartNanos = now;
			this.linesInWindow = 0;
			this.suppressed = 0;
		}
		if (this.linesInWindow < LINES_PER_SECOND) {
			this.linesInWindow++;
			logger.warn(failure.getMessage());
		}
		else {
			this.suppressed++;
		}
	}

	synchronized List<PublisherInspection.RecentFailure> recent() {
		return new ArrayList<>(this.recent);
	}

}
