/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails events whose deadline passed, on its own thread, so that deadlines hold even while the dispatcher is stuck
 * in {@code send()}. It sleeps until the oldest pending event's deadline; new events never need to wake it, since
 * their deadlines are later. Meanwhile it looks every few milliseconds whether a callback holds up the
 * {@link Completions}.
 */
final class DeadlineTimer implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(DeadlineTimer.class);

	// How long completions may wait behind a callback before another drain task takes them on.
	private static final long STALL_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final EventLedger ledger;

	private final Dispatcher.Completer completer;

	private volatile boolean running = true;

	private volatile @org.jspecify.annotations.Nullable Thread thread;

	private final Set<String> topicsWritten;

	private final Completions completions;

	DeadlineTimer(EventLedger ledger, Dispatcher.Completer completer, Set<String> topicsWritten,
			Completions completions) {
		this.ledger = ledger;
		this.completer = completer;
		this.topicsWritten = topicsWritten;
		this.completions = completions;
	}

	void stop() {
		this.running = false;
		Thread timerThread = this.thread;
		if (timerThread != null) {
			LockSupport.unpark(timerThread);
		}
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		List<PendingEvent> expired = new ArrayList<>();
		long expireAt = System.nanoTime();
		while (this.running) {
			try {
				if (expireAt - System.nanoTime() <= 0) {
					expireAt = this.ledger.expire(System.nanoTime(), expired);
					for (PendingEvent event : expired) {
						this.completer.failClaimed(event,
								Failure.expired(event.stageWhenDone, this.topicsWritten.contains(event.topic())));
					}
					expired.clear();
				}
				this.completions.helpIfStalled();
				long sleep = Math.min(expireAt - System.nanoTime(), STALL_CHECK_INTERVAL_NANOS);
				if (sleep > 0 && this.running) {
					LockSupport.parkNanos(this, sleep);
				}
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected error in the domain event deadline timer", ex);
				expired.clear();
			}
		}
	}

}
