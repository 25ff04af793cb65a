/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Closes a publisher: drains it within a deadline, fails what is left, makes sure no future is left pending even
 * while callbacks block every completion thread, then releases the threads, the producer (if the publisher created
 * it) and the completion pool (likewise). It finishes within the deadline plus {@link #GRACE_MILLIS}, also when the
 * closing thread is interrupted; a second or concurrent call waits for the first drain, then releases whatever is not
 * released yet.
 */
final class PublisherShutdown {

	/** How long a close may take beyond its timeout: completing futures, releasing the producer. */
	static final long GRACE_MILLIS = 500;

	private static final Logger logger = LoggerFactory.getLogger(PublisherShutdown.class);

	private final EventLedger ledger;

	private final Dispatcher dispatcher;

	private final DeadlineTimer deadlineTimer;

	private final MetadataProber metadataProber;

	private final CompletionDrain completions;

	private final EventLifecycle lifecycle;

	private final Workers workers;

	private final @Nullable DefaultKafkaProducerFactory<byte[], byte[]> ownedProducerFactory;

	private final @Nullable ForkJoinPool ownedCompletionPool;

	private final @Nullable EventJournal journal;

	private final @Nullable JournalReplay replay;

	private final @Nullable QueueSpill spill;

	private final AtomicBoolean started = new AtomicBoolean();

	private final CountDownLatch drained = new CountDownLatch(1);

	private final ReentrantLock releasing = new ReentrantLock();

	// Guarded by releasing.
	private boolean released;

	// Whether every event was answered before the close's timeout: only then may the producer take time to close.
	private volatile boolean producerDrained;

	PublisherShutdown(EventLedger ledger, Dispatcher dispatcher, DeadlineTimer deadlineTimer,
			MetadataProber metadataProber, CompletionDrain completions, EventLifecycle lifecycle, Workers workers,
			@Nullable DefaultKafkaProducerFactory<byte[], byte[]> ownedProducerFactory,
			@Nullable ForkJoinPool ownedCompletionPool, @Nullable EventJournal journal,
			@Nullable JournalReplay replay, @Nullable QueueSpill spill) {
		this.spill = spill;
		this.journal = journal;
		this.replay = replay;
		this.ledger = ledger;
		this.dispatcher = dispatcher;
		this.deadlineTimer = deadlineTimer;
		this.metadataProber = metadataProber;
		this.completions = completions;
		this.lifecycle = lifecycle;
		this.workers = workers;
		this.ownedProducerFactory = ownedProducerFactory;
		this.ownedCompletionPool = ownedCompletionPool;
	}

	void close(long deadline) {
		boolean interrupted = Thread.interrupted();
		try {
			if (this.started.compareAndSet(false, true)) {
				try {
					interrupted |= drain(deadline, interrupted);
				}
				finally {
					this.drained.countDown();
				}
			}
			else {
				interrupted |= awaitQuietly(this.drained, deadline);
			}
			interrupted |= release(deadline + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	boolean threadsStopped() {
		return this.workers.allStopped();
	}

	// Returns whether the closing thread was interrupted meanwhile. Interrupted before or while it waits for the
	// broker's answers, it stops waiting at once.
	private boolean drain(long deadline, boolean interruptedBefore) {
		boolean interrupted = interruptedBefore;
		this.ledger.beginClosing();
		if (this.replay != null) {
			this.replay.stop();
		}
		this.dispatcher.wake();
		boolean drainedInTime = false;
		try {
			// Checked in slices: completions that callbacks hold up get threads of the close's own meanwhile.
			while (!interrupted && !drainedInTime && deadline - System.nanoTime() > 0) {
				drainedInTime = this.ledger.awaitDrained(
						Math.min(deadline, System.nanoTime() + CompletionDrain.CLOSE_CHECK_NANOS));
				this.completions.helpAtClose();
			}
		}
		catch (InterruptedException ex) {
			// Interrupting close() means: do not wait for the broker any longer.
			interrupted = true;
		}
		if (!drainedInTime) {
			List<PendingEvent> claimed = new ArrayList<>();
			boolean more;
			do {
				// With a journal, the ledger hands it those it keeps, in claim order; these are the others.
				more = this.ledger.claimPending(claimed);
				for (PendingEvent event : claimed) {
					this.lifecycle.failDecided(event, Failure.shutDown(event.stageWhenDecided));
				}
				claimed.clear();
			}
			while (more);
			if (this.journal != null) {
				// What the shutdown failed is being kept in the journal; the appends end within a force.
				awaitJournaled(Math.max(deadline, System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS / 4));
			}
		}
		long completeBy = Math.max(deadline, System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS / 2);
		if (!this.completions.completeRemaining(completeBy)) {
			logger.warn("Callbacks of domain event futures still block every completion thread at close; "
					+ "the futures behind them complete only once they return");
		}
		this.producerDrained = drainedInTime;
		return (interrupted && !interruptedBefore) | Thread.interrupted();
	}

	private void awaitJournaled(long deadline) {
		try {
			this.ledger.awaitDrained(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// Returns whether the closing thread was interrupted meanwhile.
	private boolean release(long deadline) {
		boolean interrupted = false;
		try {
			if (!this.releasing.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			return true;
		}
		try {
			if (this.released) {
				return false;
			}
			this.dispatcher.stop();
			this.deadlineTimer.stop();
			this.metadataProber.stop();
			this.completions.stop();
			if (this.spill != null) {
				this.spill.stop();
			}
			try {
				this.workers.awaitStopped(deadline);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
			if (this.ownedProducerFactory != null) {
				// Every future is complete: whatever the producer still holds has been reported as failed already.
				long remainingSeconds = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
				this.ownedProducerFactory.setPhysicalCloseTimeout((int) (this.producerDrained ? remainingSeconds : 0));
				try {
					this.ownedProducerFactory.destroy();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not close the domain event publisher's Kafka producer", ex);
				}
			}
			if (this.journal != null) {
				// After the producer: every append the shutdown made is answered, and the checkpoint is the last.
				this.journal.journal().close();
			}
			if (this.ownedCompletionPool != null) {
				this.ownedCompletionPool.shutdown();
				try {
					if (!this.ownedCompletionPool.awaitTermination(Math.max(0, deadline - System.nanoTime()),
							TimeUnit.NANOSECONDS)) {
						logger.warn("Completion callbacks still running after close; they block a completion thread");
					}
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			this.released = true;
			return interrupted | Thread.interrupted();
		}
		finally {
			this.releasing.unlock();
		}
	}

	private static boolean awaitQuietly(CountDownLatch latch, long deadline) {
		try {
			latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return false;
		}
		catch (InterruptedException ex) {
			return true;
		}
	}

}
