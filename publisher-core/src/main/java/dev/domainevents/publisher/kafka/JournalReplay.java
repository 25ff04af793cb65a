/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.journal.Journal;
import dev.domainevents.publisher.journal.JournalEntry;
import dev.domainevents.publisher.journal.JournaledRecord;

/**
 * Publishes journaled events again, in journal order, through the same queue, dispatcher and producer as live events,
 * with their original {@code ce_id}, headers and timestamp.
 * <p>
 * It keeps at most a window of replays outstanding, a quarter of the queue's bound at most, so that live events keep
 * their room. Of each key, one replay at a time is out: the next waits for its outcome, so that a replay that fails is
 * never overtaken by a later event of its key (with many keys in the window, that costs little). A replay Kafka acknowledges is acknowledged in the journal; one that fails for good goes to the
 * dead-letter file beside it; both reach the listeners like any outcome. A replay that fails for a retriable reason
 * stays in the journal: the replay waits for the replays still out, goes back to the first such position, and backs
 * off (from the initial to the longest wait, doubling, each wait drawn between its half and its whole), then probes
 * with one event, and opens the window again once one succeeds.
 */
final class JournalReplay implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(JournalReplay.class);

	private static final long NONE = Long.MAX_VALUE;

	// While live write-ahead events hold the replay back, it looks again this often: they leave within their deadline.
	private static final long LIMITED_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	// When the queue has no room for a replay.
	private static final long FULL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Journal journal;

	private final EventJournal events;

	private final EventLedger ledger;

	private final Dispatcher dispatcher;

	private final OutcomeReporter outcomes;

	private final Workers workers;

	private final int window;

	private final long initialBackoffNanos;

	private final long maxBackoffNanos;

	private final LongAdder replayed = new LongAdder();

	private final LongAdder retries = new LongAdder();

	private volatile @Nullable Thread thread;

	private volatile boolean running = true;

	// Guarded by this: replays in the ledger, and those plus the ones held behind their key.
	private int submitted;

	private int outstanding;

	// Keys with a replay in the ledger, each with the records of that key read since, in journal order.
	private final Map<String, ArrayDeque<JournaledRecord>> waitingByKey = new HashMap<>();

	// Records whose key's previous replay succeeded: the replay thread sends them first.
	private final ArrayDeque<JournaledRecord> ready = new ArrayDeque<>();

	private long rewindTo = NONE;

	private long backoffNanos;

	private long backoffUntil;

	private boolean probing;

	JournalReplay(EventJournal events, EventLedger ledger, Dispatcher dispatcher, OutcomeReporter outcomes,
			int maxQueuedEvents, Duration initialBackoff, Duration maxBackoff, Workers workers) {
		this.journal = events.journal();
		this.events = events;
		this.ledger = ledger;
		this.dispatcher = dispatcher;
		this.outcomes = outcomes;
		this.workers = workers;
		this.window = Math.max(1, Math.min(1024, maxQueuedEvents / 4));
		this.initialBackoffNanos = initialBackoff.toNanos();
		this.maxBackoffNanos = maxBackoff.toNanos();
	}

	void wake() {
		Thread replayThread = this.thread;
		if (replayThread != null) {
			LockSupport.unpark(replayThread);
		}
	}

	void stop() {
		this.running = false;
		wake();
	}

	long replayed() {
		return this.replayed.sum();
	}

	long retries() {
		return this.retries.sum();
	}

	synchronized Duration currentBackoff() {
		return Duration.ofNanos(this.backoffNanos);
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		long cursor = this.journal.firstUnacknowledged();
		while (this.running && !this.ledger.isClosing()) {
			try {
				cursor = replayOnce(cursor);
			}
			catch (Throwable ex) {
				if (Workers.isFatal(ex)) {
					throw ex;
				}
				this.workers.survived("replaying journaled domain events", ex);
				LockSupport.parkNanos(this, FULL_RECHECK_NANOS);
			}
		}
	}

	// Sends what the window allows from the cursor on, or sleeps until there is something to do; returns the cursor.
	private long replayOnce(long cursor) {
		long now = System.nanoTime();
		long backoffLeft = 0;
		boolean awaitSubmitted = false;
		int room;
		synchronized (this) {
			if (this.backoffUntil - now > 0) {
				backoffLeft = this.backoffUntil - now;
			}
			else if (this.rewindTo != NONE) {
				if (this.submitted > 0) {
					awaitSubmitted = true;
				}
				else {
					// Nothing is out: what waited behind its key is read again from the first failed position.
					cursor = Math.min(cursor, this.rewindTo);
					this.rewindTo = NONE;
					this.outstanding -= this.ready.size();
					this.ready.clear();
					this.waitingByKey.values().forEach((waiting) -> this.outstanding -= waiting.size());
					this.waitingByKey.clear();
				}
			}
			room = (this.probing ? 1 : this.window) - this.outstanding;
		}
		if (backoffLeft > 0) {
			LockSupport.parkNanos(this, backoffLeft);
			return cursor;
		}
		if (awaitSubmitted) {
			// The outcomes of the replays still out wake it.
			LockSupport.park(this);
			return cursor;
		}
		if (!submitReady()) {
			LockSupport.parkNanos(this, FULL_RECHECK_NANOS);
			return cursor;
		}
		if (room <= 0) {
			LockSupport.park(this);
			return cursor;
		}
		this.events.fence().replayedUpTo(this.journal.firstUnacknowledged());
		List<JournaledRecord> records = this.journal.read(cursor, Math.min(room, 64));
		long limit = this.events.replayLimit();
		int taken = 0;
		for (JournaledRecord record : records) {
			if (record.position() >= limit || this.events.isBeingAppended(record.entry().eventId()) || !take(record)) {
				break;
			}
			cursor = record.position() + 1;
			taken++;
		}
		if (taken > 0) {
			this.dispatcher.wake();
		}
		else if (records.isEmpty()) {
			LockSupport.park(this);
		}
		else {
			LockSupport.parkNanos(this, (records.get(0).position() >= limit) ? LIMITED_RECHECK_NANOS
					: FULL_RECHECK_NANOS);
		}
		return cursor;
	}

	/**
	 * Takes a record read from the journal: sends it, or holds it behind the replay of its key that is still out, so
	 * that a key's events reach Kafka one after the other, and a failed one is never overtaken by the next.
	 * @return {@code false} when the queue had no room: read it again later
	 */
	private boolean take(JournaledRecord record) {
		String key = keyOf(record);
		synchronized (this) {
			ArrayDeque<JournaledRecord> waiting = (key != null) ? this.waitingByKey.get(key) : null;
			if (waiting != null) {
				waiting.add(record);
				this.outstanding++;
				return true;
			}
		}
		if (!submit(record)) {
			return false;
		}
		synchronized (this) {
			if (key != null) {
				this.waitingByKey.put(key, new ArrayDeque<>());
			}
			this.outstanding++;
		}
		return true;
	}

	// Sends the records whose key's previous replay has succeeded; false when the queue had no room.
	private boolean submitReady() {
		for (;;) {
			JournaledRecord record;
			synchronized (this) {
				record = this.ready.peek();
			}
			if (record == null) {
				return true;
			}
			if (!submit(record)) {
				return false;
			}
			synchronized (this) {
				this.ready.poll();
			}
			this.dispatcher.wake();
		}
	}

	private boolean submit(JournaledRecord record) {
		PendingBounds.Admission admission = this.ledger.offer(replayOf(record), 0);
		if (admission != PendingBounds.Admission.ACCEPTED) {
			return false;
		}
		synchronized (this) {
			this.submitted++;
		}
		return true;
	}

	private static @Nullable String keyOf(JournaledRecord record) {
		byte[] key = record.entry().key();
		return (key != null) ? record.entry().topic() + '\0' + new String(key, StandardCharsets.UTF_8) : null;
	}

	private PendingEvent replayOf(JournaledRecord journaled) {
		JournalEntry entry = journaled.entry();
		RecordHeaders headers = new RecordHeaders();
		for (JournalEntry.Header header : entry.headers()) {
			headers.add(header.name(), header.value());
		}
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(entry.topic(), null, entry.timestampMillis(),
				entry.key(), entry.value(), headers);
		String key = (entry.key() != null) ? new String(entry.key(), StandardCharsets.UTF_8) : null;
		// The event object is gone after a restart: its failure carries the record's value instead.
		EventMessage message = EventMessage.of(entry.value()).withTopic(entry.topic()).withKey(key)
				.withEventType(entry.eventType()).withEventId(entry.eventId());
		int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				entry.key(), entry.value(), headers.toArray());
		return new PendingEvent(message, entry.eventId(), entry.eventType(), key, record, size, null,
				this::completed, journaled);
	}

	// On a completion thread, before the replay's own future completes.
	private void completed(PendingEvent event) {
		JournaledRecord record = event.replayOf;
		if (record == null) {
			return;
		}
		try {
			PublicationFailedException failure = event.failure();
			if (event.receipt() != null) {
				this.journal.acknowledge(record.position());
				this.events.fence().remove(record.entry().topic(), record.entry().key());
				this.replayed.increment();
				succeeded();
				this.outcomes.beforeCompletion(event);
			}
			else if (failure != null && !failure.isRetriable()) {
				this.journal.deadLetter(record, failure.getReason() + ": " + failure.getMessage());
				this.events.fence().remove(record.entry().topic(), record.entry().key());
				logger.warn("A journaled event can never be published and went to the dead-letter file "
						+ "(position {}, event id {}): {}", record.position(), record.entry().eventId(),
						failure.getMessage());
				this.outcomes.beforeCompletion(event);
			}
			else {
				this.retries.increment();
				failedForNow(record.position());
			}
		}
		finally {
			synchronized (this) {
				this.submitted--;
				this.outstanding--;
				String key = keyOf(record);
				if (key != null && this.rewindTo == NONE) {
					ArrayDeque<JournaledRecord> waiting = this.waitingByKey.get(key);
					JournaledRecord next = (waiting != null) ? waiting.poll() : null;
					if (next != null) {
						this.ready.add(next);
					}
					else {
						this.waitingByKey.remove(key);
					}
				}
			}
			wake();
		}
	}

	private synchronized void succeeded() {
		if (this.probing || this.backoffNanos > 0) {
			this.probing = false;
			this.backoffNanos = 0;
			this.backoffUntil = 0;
		}
	}

	private synchronized void failedForNow(long position) {
		this.rewindTo = Math.min(this.rewindTo, position);
		this.backoffNanos = (this.backoffNanos == 0) ? this.initialBackoffNanos
				: Math.min(this.maxBackoffNanos, this.backoffNanos * 2);
		long wait = this.backoffNanos / 2 + ThreadLocalRandom.current().nextLong(this.backoffNanos / 2 + 1);
		this.backoffUntil = System.nanoTime() + wait;
		this.probing = true;
	}

}
