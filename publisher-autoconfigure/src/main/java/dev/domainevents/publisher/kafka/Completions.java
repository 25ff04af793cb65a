/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes callers' futures on the completion executor, in batches: one task drains every completion that is
 * waiting, so that the producer's network thread, which decides most outcomes, only adds to a queue and wakes the
 * executor once per batch instead of once per event. The ledger records a batch's outcomes under one lock, before
 * any of its futures completes, so a caller that sees its future done also sees it counted.
 * <p>
 * A drain task runs callers' callbacks, and a callback may block, even waiting in {@code join()} for another
 * event's future that is queued behind it. So a drain task never keeps events to itself: it takes them one at a
 * time from a shared queue, and when completions wait while no drain task finished one for a
 * {@linkplain #helpIfStalled() check interval}, another drain task starts and goes on with them (up to 64 at once).
 */
final class Completions {

	private static final Logger logger = LoggerFactory.getLogger(Completions.class);

	private static final int MAX_BATCH = 256;

	// Each stalled check adds one; an executor whose every thread is blocked for good must not collect them forever.
	private static final int MAX_DRAINERS = 64;

	// Decided, not yet counted by the ledger.
	private final ConcurrentLinkedQueue<PendingEvent> decided = new ConcurrentLinkedQueue<>();

	// Counted by the ledger, their futures not yet completed.
	private final ConcurrentLinkedQueue<PendingEvent> counted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger drainers = new AtomicInteger();

	private final Executor executor;

	private final Consumer<List<PendingEvent>> ledger;

	private final Runnable drainTask = this::drain;

	// Completions finished by any drain task; lost updates between two of them do not matter, any change is progress.
	private volatile long progress;

	// The watcher's thread only.
	private long progressAtLastCheck = -1;

	/**
	 * @param executor runs the drain tasks, and so callers' callbacks
	 * @param ledger counts a batch of outcomes, under one lock
	 */
	Completions(Executor executor, Consumer<List<PendingEvent>> ledger) {
		this.executor = executor;
		this.ledger = ledger;
	}

	/** Completes an event whose outcome was decided, once the ledger has counted it. */
	void add(PendingEvent event) {
		this.decided.offer(event);
		startDrainerIfNone();
	}

	/** Completes an event the ledger already counted (it claimed the event itself: deadline, shutdown). */
	void addCounted(PendingEvent event) {
		this.counted.offer(event);
		startDrainerIfNone();
	}

	/**
	 * Starts one more drain task when completions wait and none finished since the last call: a callback blocks
	 * every drain task there is. Called every check interval by the deadline timer's thread.
	 */
	void helpIfStalled() {
		long current = this.progress;
		int running = this.drainers.get();
		boolean stalled = current == this.progressAtLastCheck && running > 0 && running < MAX_DRAINERS && hasWaiting();
		this.progressAtLastCheck = current;
		if (stalled) {
			this.drainers.incrementAndGet();
			execute();
		}
	}

	private void startDrainerIfNone() {
		if (this.drainers.get() == 0 && this.drainers.compareAndSet(0, 1)) {
			execute();
		}
	}

	private void execute() {
		try {
			this.executor.execute(this.drainTask);
		}
		catch (RejectedExecutionException ex) {
			// Never lose a completion: an executor that refuses work (shut down, saturated) still gets them completed.
			ForkJoinPool.commonPool().execute(this.drainTask);
		}
	}

	private boolean hasWaiting() {
		return !this.counted.isEmpty() || !this.decided.isEmpty();
	}

	private void drain() {
		List<PendingEvent> batch = null;
		for (;;) {
			PendingEvent event = this.counted.poll();
			if (event == null) {
				if (batch == null) {
					// Grows to what one drain finds; most find a few events, not MAX_BATCH.
					batch = new ArrayList<>();
				}
				if (countDecided(batch)) {
					continue;
				}
				this.drainers.decrementAndGet();
				// An event added after the last poll and before the decrement found a drain task running: this one.
				if (!hasWaiting() || !this.drainers.compareAndSet(0, 1)) {
					return;
				}
				continue;
			}
			try {
				event.run();
			}
			catch (RuntimeException | Error ex) {
				logger.warn("A completion of a domain event's future failed", ex);
			}
			this.progress = this.progress + 1;
		}
	}

	// Moves a batch of decided events to the counted queue, having the ledger count them under one lock.
	private boolean countDecided(List<PendingEvent> batch) {
		PendingEvent event;
		while (batch.size() < MAX_BATCH && (event = this.decided.poll()) != null) {
			batch.add(event);
		}
		if (batch.isEmpty()) {
			return false;
		}
		this.ledger.accept(batch);
		this.counted.addAll(batch);
		batch.clear();
		return true;
	}

}
