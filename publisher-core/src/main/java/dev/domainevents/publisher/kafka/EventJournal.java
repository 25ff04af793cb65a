/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.journal.AppendCallback;
import dev.domainevents.publisher.journal.Journal;
import dev.domainevents.publisher.journal.JournalEntry;
import dev.domainevents.publisher.journal.JournalRefusal;
import dev.domainevents.publisher.journal.JournalStats;

/**
 * The pipeline's side of the journal: which events go there, and what becomes of them. It appends write-ahead events
 * before they may be sent, keeps events that would fail for a retriable reason (their futures complete with a
 * journaled receipt once the append is on disk), keeps events whose key waits behind journaled ones, acknowledges
 * write-ahead events once Kafka has them, and tells the {@link JournalReplay} that there is work.
 * <p>
 * Write-ahead events in the dispatch queue are on disk and not acknowledged, like journaled ones, but they are
 * Kafka-bound already: the replay reads only below the oldest of them, so that it never sends one a second time
 * while the dispatcher has it.
 */
final class EventJournal {

	private final JournalMode mode;

	private final Journal journal;

	private final String directory;

	private final long maxBytes;

	private final KeyFence fence;

	private final PendingBounds admission;

	private final EventLedger ledger;

	private volatile Runnable wakeDispatcher = () -> {
	};

	// Positions of write-ahead events on their way to Kafka.
	private final ConcurrentSkipListSet<Long> aheadInQueue = new ConcurrentSkipListSet<>();

	// Ids of write-ahead events being appended: the journal lets readers see an entry just before its callback runs,
	// so an entry of one of these is a live event's, not one to replay.
	private final Set<String> aheadAppending = ConcurrentHashMap.newKeySet();

	private volatile @Nullable EventLifecycle lifecycle;

	private volatile @Nullable JournalReplay replay;

	private volatile @Nullable QueueSpill spill;

	private volatile Set<String> topicsWritten = Set.of();

	EventJournal(JournalMode mode, Journal journal, String directory, long maxBytes, PendingBounds admission,
			EventLedger ledger) {
		this.mode = mode;
		this.journal = journal;
		this.directory = directory;
		this.maxBytes = maxBytes;
		this.admission = admission;
		this.ledger = ledger;
		this.fence = new KeyFence();
		this.fence.restore(journal.keysHeldAtOpen(), journal.firstUnacknowledged() + journal.stats().heldEvents());
	}

	/**
	 * Joins the journal to the pipeline, the one place that does so for the assembly and the tests alike: the spill
	 * thread that appends in the ledger's claim order, the claims the deadline timer and the shutdown hand over, the
	 * dispatcher's fence, and the completions' release of the admission bound.
	 * @return the spill thread's work, for the caller to start
	 */
	QueueSpill connect(EventLifecycle lifecycle, JournalReplay replay, Dispatcher dispatcher,
			CompletionDrain completions, Workers workers) {
		QueueSpill queueSpill = new QueueSpill(this.ledger, workers);
		this.topicsWritten = dispatcher.topicsWritten();
		this.spill = queueSpill;
		this.wakeDispatcher = dispatcher::wake;
		this.lifecycle = lifecycle;
		this.replay = replay;
		this.ledger.handClaimsTo(this::takeClaimed, this::takeClaimedAtShutdown);
		queueSpill.connect(this, lifecycle);
		dispatcher.keepFencedKeysIn(this);
		completions.releaseJournalAdmissionTo(this.admission);
		return queueSpill;
	}

	Journal journal() {
		return this.journal;
	}

	PendingBounds admission() {
		return this.admission;
	}

	KeyFence fence() {
		return this.fence;
	}

	boolean isWriteAhead() {
		return this.mode == JournalMode.WRITE_AHEAD;
	}

	/** Whether a new event's key waits behind journaled events. */
	boolean isFenced(PendingEvent event) {
		return this.fence.isFenced(event.topic(), event.key);
	}

	/** Whether a queued event's key waits behind events journaled after it was accepted. */
	boolean isFencedInQueue(PendingEvent event) {
		return !event.isReplay() && this.fence.isFencedAfter(event.topic(), event.key, event.acceptedNanos);
	}

	/** Whether a journaled entry belongs to a write-ahead event whose append is still being answered. */
	boolean isBeingAppended(String eventId) {
		return !this.aheadAppending.isEmpty() && this.aheadAppending.contains(eventId);
	}

	/** The lowest position the replay must not reach: the oldest write-ahead event still on its way to Kafka. */
	long replayLimit() {
		Long oldest = this.aheadInQueue.isEmpty() ? null : firstOrNull();
		return (oldest != null) ? oldest : Long.MAX_VALUE;
	}

	private @Nullable Long firstOrNull() {
		try {
			return this.aheadInQueue.first();
		}
		catch (java.util.NoSuchElementException ex) {
			return null;
		}
	}

	/** Whether an event that failed this way is kept rather than failed. */
	boolean keeps(PendingEvent event, Failure failure) {
		return !event.isReplay() && failure.retriable() && failure.reason() != FailureReason.TOPIC_UNAVAILABLE
				&& failure.reason() != FailureReason.INTERRUPTED;
	}

	/**
	 * Appends an accepted write-ahead event; once it is on disk it enters the dispatch queue.
	 */
	void appendAhead(PendingEvent event) {
		this.aheadAppending.add(event.eventId);
		this.journal.append(entry(event), new AppendCallback() {

			@Override
			public void journaled(long position) {
				event.journalPosition = position;
				EventJournal.this.aheadInQueue.add(position);
				EventJournal.this.aheadAppending.remove(event.eventId);
				if (!EventLifecycle.journaledForDispatch(event)) {
					return;
				}
				if (EventJournal.this.ledger.enqueueJournaled(event)) {
					EventJournal.this.wakeDispatcher.run();
				}
				else {
					// Closing: it is on disk, so it is kept, and published after the next start.
					lifecycle().fail(event, Failure.shutDown(EventLifecycle.Stage.QUEUED));
				}
			}

			@Override
			public void refused(JournalRefusal refusal) {
				EventJournal.this.aheadAppending.remove(event.eventId);
				lifecycle().refusedByJournal(event, Failure.notJournaled(refusal, null));
			}

		});
	}

	/**
	 * Takes an event the queue had no room for, or whose key waits behind journaled events, straight into the
	 * journal. It holds room in the journal's admission bound, not the queue's, until its future completes.
	 * @return {@code ACCEPTED}, {@code FULL} when that bound is full too, or {@code CLOSING}
	 */
	PendingBounds.Admission keepAtAdmission(PendingEvent event, boolean overflow) {
		PendingBounds.Admission admitted = this.admission.reserve(event.sizeInBytes, 0);
		if (admitted != PendingBounds.Admission.ACCEPTED) {
			return admitted;
		}
		event.heldForJournal = true;
		if (!this.ledger.acceptDetached(event)) {
			event.heldForJournal = false;
			this.admission.release(1, event.sizeInBytes);
			return PendingBounds.Admission.CLOSING;
		}
		EventLifecycle.decide(event);
		// Fenced at once: a later event of its key must not overtake it while it waits for the spill thread.
		this.fence.add(event.topic(), event.key, event.acceptedNanos);
		QueueSpill spill = spill();
		if (overflow) {
			spill.spill();
		}
		spill.admit(event);
		return PendingBounds.Admission.ACCEPTED;
	}

	/**
	 * Keeps a decided event in the journal: at once when it is there already (write-ahead), or once its append is
	 * on disk. Its key is fenced from now on, so that later events with it wait behind it.
	 * @param failure why it could not be published, or {@code null} when it never tried
	 */
	void keep(PendingEvent event, @Nullable Failure failure) {
		this.fence.add(event.topic(), event.key, event.acceptedNanos);
		QueueSpill spill = spill();
		spill.keep(event, failure);
		if (failure != null && failure.reason() != FailureReason.QUEUE_FULL
				&& failure.reason() != FailureReason.SHUTTING_DOWN) {
			// Kafka did not take it: the events behind it follow it to the journal, in order.
			spill.spill();
		}
	}

	/**
	 * Runs an event's decision and its {@link #keep} in one hold of the ledger's lock, so that it reaches the journal
	 * in the order of the events the ledger claims meanwhile ({@link EventLedger#inClaimOrder}).
	 */
	void inClaimOrder(Runnable decideAndKeep) {
		this.ledger.inClaimOrder(decideAndKeep);
	}

	/**
	 * Takes an event the ledger claims, under its lock, when it would be kept: an expired event whose failure is
	 * retriable, or any event a spill claims. Events the journal would not keep are left to the claimer.
	 */
	boolean takeClaimed(PendingEvent event) {
		EventLifecycle.Stage stage = event.stageWhenDecided;
		if (event.isReplay() || stage == null) {
			return false;
		}
		return keepClaimed(event, this.ledger.isSpilling() ? Failure.overflowed(stage)
				: Failure.expired(stage, this.topicsWritten.contains(event.topic())));
	}

	/** Takes an event the shutdown claims, under the ledger's lock, when it would be kept, as {@link #takeClaimed}. */
	boolean takeClaimedAtShutdown(PendingEvent event) {
		EventLifecycle.Stage stage = event.stageWhenDecided;
		if (event.isReplay() || stage == null) {
			return false;
		}
		return keepClaimed(event, Failure.shutDown(stage));
	}

	private boolean keepClaimed(PendingEvent event, Failure failure) {
		if (!keeps(event, failure)) {
			return false;
		}
		keep(event, failure);
		return true;
	}

	/** Appends a kept event, on the spill thread: at once when it is on disk already (write-ahead). */
	void appendKept(PendingEvent event, @Nullable Failure failure) {
		EventLifecycle lifecycle = lifecycle();
		long position = event.journalPosition;
		if (position >= 0) {
			this.aheadInQueue.remove(position);
			lifecycle.journaled(event, PublishReceipt.journaled(event.eventId, event.topic(), position, Instant.now()));
			wakeReplay();
			return;
		}
		this.journal.append(entry(event), new AppendCallback() {

			@Override
			public void journaled(long position) {
				event.journalPosition = position;
				lifecycle.journaled(event,
						PublishReceipt.journaled(event.eventId, event.topic(), position, Instant.now()));
				wakeReplay();
			}

			@Override
			public void refused(JournalRefusal refusal) {
				EventJournal.this.fence.remove(event.topic(), event.key);
				lifecycle.notJournaled(event, Failure.notJournaled(refusal, failure));
			}

		});
	}

	/** Kafka acknowledged a write-ahead event: its entry is done. */
	void published(PendingEvent event) {
		long position = event.journalPosition;
		this.aheadInQueue.remove(position);
		this.journal.acknowledge(position);
	}

	/** A write-ahead event failed for good, and its caller is told so: it must not be replayed. */
	void failedForGood(PendingEvent event, Failure failure) {
		long position = event.journalPosition;
		if (position >= 0) {
			this.aheadInQueue.remove(position);
			this.journal.acknowledge(position);
		}
	}

	PublisherInspection.JournalState state() {
		JournalStats stats = this.journal.stats();
		JournalReplay replay = this.replay;
		Long oldest = stats.oldestHeldMillis();
		Duration oldestAge = (oldest != null)
				? Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest)) : Duration.ZERO;
		return new PublisherInspection.JournalState(this.mode, this.directory, this.maxBytes, stats.heldEvents(),
				stats.heldBytes(), oldestAge, stats.appended(), (replay != null) ? replay.replayed() : 0,
				(replay != null) ? replay.retries() : 0, stats.deadLettered(), stats.quarantined(), this.fence.size(),
				stats.forces(), Duration.ofNanos(stats.forceNanosMax()), Duration.ofNanos(stats.forceNanosTotal()),
				(replay != null) ? replay.currentBackoff() : Duration.ZERO, this.journal.problem());
	}

	private void wakeReplay() {
		JournalReplay replay = this.replay;
		if (replay != null) {
			replay.wake();
		}
	}

	private QueueSpill spill() {
		QueueSpill spill = this.spill;
		if (spill == null) {
			throw new IllegalStateException("The journal is not connected to the pipeline yet");
		}
		return spill;
	}

	private EventLifecycle lifecycle() {
		EventLifecycle lifecycle = this.lifecycle;
		if (lifecycle == null) {
			throw new IllegalStateException("The journal is not connected to the pipeline yet");
		}
		return lifecycle;
	}

	static JournalEntry entry(PendingEvent event) {
		ProducerRecord<byte[], byte[]> record = event.record();
		Header[] headers = record.headers().toArray();
		List<JournalEntry.Header> copied = new ArrayList<>(headers.length);
		for (Header header : headers) {
			copied.add(new JournalEntry.Header(header.key(), header.value()));
		}
		long timestamp = (record.timestamp() != null) ? record.timestamp() : System.currentTimeMillis();
		return new JournalEntry(record.topic(), record.key(), record.value(), copied, timestamp, event.eventId,
				event.eventType);
	}

}
