/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The one thread that appends the live pipeline's events to the journal, in the order they were handed to it, so
 * that the journal holds each key's events in the order they were accepted.
 * <p>
 * It takes two kinds of events: <em>kept</em> ones, claimed from the ledger (expired, failed, or moved by a spill)
 * and handed over under the ledger's lock in claim order, or failed and fenced elsewhere; and <em>admitted</em> ones,
 * new events that went to the journal at once (their key waits behind journaled events, or the queue was full).
 * Kept events, and a spill asked for, go before every admitted event handed over after them, also while the thread is
 * appending admitted ones: of a key, they hold the older events (its newer ones are fenced, and admitted).
 * <p>
 * <b>A spill</b> moves every pending event to the journal, in acceptance order (those the producer already had too:
 * they may then reach Kafka twice, with the same {@code ce_id}); meanwhile the ledger takes no new event, and the
 * newcomers follow in the journal. It runs when the queue overflows and when an event is kept because Kafka did not
 * take it: journaling that event alone would put it behind newer events of its key already in the journal, or ahead
 * of older ones still pending that fail later, and the replay would publish a key's events out of order. The disk
 * takes over from memory, and the queue starts empty again.
 */
final class QueueSpill implements Runnable {

	private final EventLedger ledger;

	private final Workers workers;

	private final ConcurrentLinkedQueue<PendingEvent> kept = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<PendingEvent> admitted = new ConcurrentLinkedQueue<>();

	private volatile boolean spillWanted;

	private volatile boolean running = true;

	private volatile @Nullable Thread thread;

	private volatile @Nullable EventJournal journal;

	private volatile @Nullable EventLifecycle lifecycle;

	QueueSpill(EventLedger ledger, Workers workers) {
		this.ledger = ledger;
		this.workers = workers;
	}

	void connect(EventJournal journal, EventLifecycle lifecycle) {
		this.journal = journal;
		this.lifecycle = lifecycle;
	}

	/** Appends a decided event, after those kept before it. */
	void keep(PendingEvent event, @Nullable Failure because) {
		event.keptBecause = because;
		this.kept.add(event);
		wake();
	}

	/** Appends an accepted, decided new event, after every kept one. */
	void admit(PendingEvent event) {
		this.admitted.add(event);
		wake();
	}

	/** Moves every pending event to the journal, ahead of those admitted from now on. */
	void spill() {
		this.spillWanted = true;
		wake();
	}

	/** Whether events wait to be journaled here. */
	boolean isBusy() {
		return !this.kept.isEmpty() || !this.admitted.isEmpty() || this.spillWanted;
	}

	void stop() {
		this.running = false;
		wake();
	}

	void wake() {
		Thread spillThread = this.thread;
		if (spillThread != null) {
			LockSupport.unpark(spillThread);
		}
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		// Runs on after stop() until nothing is left: each event's future completes only once it is journaled.
		while (this.running || isBusy()) {
			try {
				if (!appendOnce()) {
					LockSupport.park(this);
				}
			}
			catch (Throwable ex) {
				if (Workers.isFatal(ex)) {
					throw ex;
				}
				this.workers.survived("moving domain events to the journal", ex);
			}
		}
	}

	// Returns false when there was nothing to do.
	private boolean appendOnce() {
		EventJournal journal = this.journal;
		EventLifecycle lifecycle = this.lifecycle;
		if (journal == null || lifecycle == null) {
			return false;
		}
		boolean any = false;
		boolean spilled = false;
		for (;;) {
			// Taken before looking for kept events and a spill: whatever was handed over before this event was
			// admitted is seen below, and goes first. An event kept, or left pending by a spill asked for, while an
			// admitted event of its key waits is older than it: newer events of a key on its way here are fenced.
			PendingEvent admitted = this.admitted.poll();
			any |= appendKept(journal);
			if (this.spillWanted) {
				spillPending(journal, lifecycle);
				spilled = true;
				any = true;
			}
			if (admitted == null) {
				break;
			}
			journal.appendKept(admitted, null);
			any = true;
		}
		if (spilled) {
			this.ledger.endSpill();
		}
		return any;
	}

	private void spillPending(EventJournal journal, EventLifecycle lifecycle) {
		this.spillWanted = false;
		this.ledger.beginSpill();
		List<PendingEvent> notKept = new ArrayList<>();
		boolean more;
		do {
			// The ledger hands what it claims to keep(), under its lock: appended below in claim order.
			more = this.ledger.claimForSpill(notKept);
			for (PendingEvent event : notKept) {
				lifecycle.failDecided(event, Failure.overflowed(event.stageWhenDecided));
			}
			notKept.clear();
			appendKept(journal);
		}
		while (more);
	}

	private boolean appendKept(EventJournal journal) {
		boolean any = false;
		PendingEvent event;
		while ((event = this.kept.poll()) != null) {
			journal.appendKept(event, event.keptBecause);
			any = true;
		}
		return any;
	}

}
