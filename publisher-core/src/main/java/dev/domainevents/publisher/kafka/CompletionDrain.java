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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Completes callers' futures on the completion executor, in batches: one task drains every completion that is
 * waiting, so that the producer's network thread, which decides most outcomes, only adds to a queue and wakes the
 * executor once per batch instead of once per event. The ledger records a batch's outcomes under one lock, before
 * any of its futures completes, so a caller that sees its future done also sees it counted. Once an event's future
 * has completed, its room in the {@link PendingBounds} is given back.
 * <p>
 * A drain task runs callers' callbacks, and a callback may block, even waiting in {@code join()} for another
 * event's future that is queued behind it. So a drain task never keeps events to itself: it takes them one at a
 * time from a shared queue, and when completions wait while no drain task finished one for a
 * {@linkplain #helpIfStalled() check interval}, another drain task starts and goes on with them (up to 64 at once).
 * <p>
 * An executor the application gave is never called from the threads that decide outcomes (Kafka's network thread,
 * the deadline timer): one that runs tasks inline would run callbacks there. A hand-off thread of the publisher's
 * own calls it instead.
 */
final class CompletionDrain {

	private static final int MAX_BATCH = EventLedger.MAX_WORK_PER_HOLD * 2;

	// Room is given back in groups, not per event: a group is at most this many events.
	private static final int RELEASE_GROUP = 64;

	// Each stalled check adds one; an executor whose every thread is blocked for good must not collect them forever.
	private static final int MAX_DRAINERS = 64;

	static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	// Decided, not yet counted by the ledger.
	private final ConcurrentLinkedQueue<PendingEvent> decided = new ConcurrentLinkedQueue<>();

	// Counted by the ledger, their futures not yet completed.
	private final ConcurrentLinkedQueue<PendingEvent> counted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger drainers = new AtomicInteger();

	// Decided events a drain task took from the first queue and has not yet put in the second: waiting all the same.
	private final AtomicInteger inTransit = new AtomicInteger();

	private final Executor executor;

	private final Consumer<List<PendingEvent>> ledger;

	private final PendingBounds bounds;

	// Where events journaled because the queue was full hold their room; null without a journal.
	private volatile @Nullable PendingBounds journalAdmission;

	private final Workers workers;

	private final Runnable drainTask = this::drain;

	private volatile Runnable onStart = () -> {
	};

	// CompletionDrain finished by any drain task; lost updates between two of them do not matter, any change is progress.
	private volatile long progress;

	// The watcher's thread only.
	private long progressAtLastCheck = -1;

	// The closing thread only.
	private long progressAtClose = -1;

	private long lastCloseCheck = System.nanoTime() - CLOSE_CHECK_NANOS;

	private int closingHelpers;

	/**
	 * @param executor runs the drain tasks, and so callers' callbacks
	 * @param executorIsOwned whether the publisher created the executor: only then may any thread call it
	 * @param ledger counts a batch of outcomes, under one lock
	 * @param bounds gets back the room of events whose futures completed
	 */
	CompletionDrain(Executor executor, boolean executorIsOwned, Consumer<List<PendingEvent>> ledger, PendingBounds bounds,
			Workers workers) {
		this.executor = executorIsOwned ? executor : new HandOff(executor, workers);
		this.ledger = ledger;
		this.bounds = bounds;
		this.workers = workers;
	}

	/** Gives the room of events journaled because the queue was full back to the journal's admission bound. */
	void releaseJournalAdmissionTo(PendingBounds journalAdmission) {
		this.journalAdmission = journalAdmission;
	}

	/** Sets what to run when a drain task starts while none ran: the deadline timer then watches for stalls. */
	void onStart(Runnable action) {
		this.onStart = action;
	}

	/** Stops the hand-off thread, if there is one, once the drain tasks it handed on no longer matter. */
	void stop() {
		if (this.executor instanceof HandOff handOff) {
			handOff.stop();
		}
	}

	/** Completes an event whose outcome was decided, once the ledger has counted it. */
	void add(PendingEvent event) {
		this.decided.offer(event);
		startDrainerIfNone();
	}

	/** Whether completions wait or a drain task runs: the deadline timer then watches for stalls. */
	boolean isBusy() {
		return this.drainers.get() > 0 || hasWaiting();
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

	/**
	 * Completes what waits, for the shutdown: the executor's threads may all be blocked in callbacks, or the executor
	 * may be gone, so threads of its own go on with the completions whenever none was finished for a check interval.
	 * @return whether nothing waits any more, before the deadline
	 */
	boolean completeRemaining(long deadlineNanos) {
		boolean interrupted = false;
		try {
			while (hasWaiting()) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				helpAtClose();
				LockSupport.parkNanos(this, Math.min(remaining, CLOSE_CHECK_NANOS));
				// An interrupt would end every later park at once: kept for the caller, not acted on here.
				interrupted |= Thread.interrupted();
			}
			return true;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Starts a thread of its own that goes on with the completions when some wait and none finished since the last
	 * call, for the shutdown: called by the closing thread every check interval while it waits.
	 */
	void helpAtClose() {
		long now = System.nanoTime();
		if (now - this.lastCloseCheck < CLOSE_CHECK_NANOS) {
			// A check right after the last one would find no progress, and see a stall.
			return;
		}
		this.lastCloseCheck = now;
		long current = this.progress;
		boolean stalled = current == this.progressAtClose && hasWaiting();
		this.progressAtClose = current;
		if (stalled && this.closingHelpers < MAX_DRAINERS) {
			this.closingHelpers++;
			this.drainers.incrementAndGet();
			Thread thread = new Thread(this.drainTask, "domain-events-closing-completion-" + this.closingHelpers);
			thread.setDaemon(true);
			thread.start();
		}
	}

	private void startDrainerIfNone() {
		if (this.drainers.get() == 0 && this.drainers.compareAndSet(0, 1)) {
			this.onStart.run();
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
		return !this.counted.isEmpty() || !this.decided.isEmpty() || this.inTransit.get() > 0;
	}

	private void drain() {
		List<PendingEvent> batch = null;
		int releasedEvents = 0;
		long releasedBytes = 0;
		try {
			for (;;) {
				PendingEvent event = this.counted.poll();
				if (event == null) {
					// Given back before this task looks for more, or ends: nothing here holds the events any more.
					this.bounds.release(releasedEvents, releasedBytes);
					releasedEvents = 0;
					releasedBytes = 0;
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
				catch (Throwable ex) {
					if (Workers.isFatal(ex)) {
						throw ex;
					}
					this.workers.survived("completing a domain event's future", ex);
				}
				PendingBounds journalAdmission = this.journalAdmission;
				if (event.heldForJournal && journalAdmission != null) {
					journalAdmission.release(1, event.sizeInBytes);
				}
				else {
					releasedEvents++;
					releasedBytes += event.sizeInBytes;
					if (releasedEvents == RELEASE_GROUP) {
						this.bounds.release(releasedEvents, releasedBytes);
						releasedEvents = 0;
						releasedBytes = 0;
					}
				}
				this.progress = this.progress + 1;
			}
		}
		finally {
			this.bounds.release(releasedEvents, releasedBytes);
		}
	}

	// Moves a batch of decided events to the counted queue, having the ledger count them.
	private boolean countDecided(List<PendingEvent> batch) {
		this.inTransit.incrementAndGet();
		try {
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
		finally {
			this.inTransit.decrementAndGet();
		}
	}

	/**
	 * Hands drain tasks to an executor the application gave, from a thread of the publisher's own, so that the
	 * threads deciding outcomes never run the application's executor, nor callbacks if it runs tasks inline.
	 */
	private static final class HandOff implements Executor {

		private final Executor executor;

		private static final Runnable STOP = () -> {
		};

		private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

		HandOff(Executor executor, Workers workers) {
			this.executor = executor;
			workers.start("domain-events-completion-handoff", this::run);
		}

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void stop() {
			this.tasks.add(STOP);
		}

		private void run() {
			for (;;) {
				Runnable task;
				try {
					task = this.tasks.take();
				}
				catch (InterruptedException ex) {
					return;
				}
				if (task == STOP) {
					return;
				}
				try {
					this.executor.execute(task);
				}
				catch (RejectedExecutionException ex) {
					ForkJoinPool.commonPool().execute(task);
				}
			}
		}

	}

}
