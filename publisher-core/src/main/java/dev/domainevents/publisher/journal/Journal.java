/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only journal of records on local disk: segmented files, each record framed with its length and a
 * CRC32C, one writer thread with group commit, recovery of a torn tail, quarantine of corrupt records, an atomic
 * checkpoint of acknowledged progress, and one instance per directory (a lock file).
 * <p>
 * Positions grow by one per append, across restarts. An entry stays in the journal until it is
 * {@linkplain #acknowledge acknowledged}; segments whose entries are all acknowledged are deleted once the checkpoint
 * that says so is on disk.
 *
 * @since 0.1.0
 */
public final class Journal implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Journal.class);

	/** How long {@link #close()} waits for the writer: a hung disk must not hang the application's shutdown. */
	static final long CLOSE_WAIT_MILLIS = 5000;

	private final JournalOptions options;

	private final DirectoryLock lock;

	private final ConcurrentNavigableMap<Long, Segment> segments;

	private final AcknowledgedPositions acknowledged;

	private final JournalCounters counters;

	private final JournalWriter writer;

	private final Thread writerThread;

	private final DeadLetterFile deadLetters;

	private final Map<String, Integer> keysHeldAtOpen;

	private final long quarantined;

	private final @Nullable String quarantineProblem;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final long closeWaitMillis;

	private volatile @Nullable OldestHeld oldestHeld;

	private Journal(JournalOptions options, DirectoryLock lock, JournalRecovery.Recovered recovered,
			long closeWaitMillis) {
		this.options = options;
		this.closeWaitMillis = closeWaitMillis;
		this.lock = lock;
		this.segments = new ConcurrentSkipListMap<>();
		long diskBytes = 0;
		for (Segment segment : recovered.segments()) {
			this.segments.put(segment.firstPosition(), segment);
			diskBytes += segment.size();
		}
		this.acknowledged = new AcknowledgedPositions(recovered.lowWater());
		for (long[] gap : recovered.gaps()) {
			this.acknowledged.acknowledgeRange(gap[0], gap[1]);
		}
		this.counters = new JournalCounters();
		this.counters.diskBytes.set(diskBytes);
		this.counters.reservedBytes.set(diskBytes);
		this.counters.heldEvents.set(recovered.heldEvents());
		this.counters.durablePosition = recovered.nextPosition();
		this.keysHeldAtOpen = recovered.heldKeys();
		this.quarantined = recovered.quarantined();
		this.quarantineProblem = recovered.problem();
		this.deadLetters = new DeadLetterFile(options.directory(), options.channels());
		this.writer = new JournalWriter(options, this.segments, this.acknowledged, this.counters,
				recovered.nextPosition(), recovered.checkpointed());
		this.writerThread = new Thread(this.writer, JournalWriter.THREAD_NAME);
		this.writerThread.setDaemon(true);
	}

	/**
	 * Opens (and recovers) the journal in a directory, and starts its writer thread.
	 * @param options where and how
	 * @return the open journal
	 * @throws JournalException with a message that says what to do: the directory is locked by another instance, it
	 * holds a journal in a format this version cannot read, or it cannot be created or written
	 */
	public static Journal open(JournalOptions options) {
		return open(options, CLOSE_WAIT_MILLIS);
	}

	/** As {@link #open(JournalOptions)}, with the time {@link #close()} waits for the writer (tests shorten it). */
	static Journal open(JournalOptions options, long closeWaitMillis) {
		Path directory = options.directory();
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new JournalException("Cannot create the journal directory " + directory + ": " + ex
					+ "; give the application a writable directory of its own", ex);
		}
		DirectoryLock lock = DirectoryLock.acquire(directory, options.channels());
		try {
			JournalRecovery.Recovered recovered = JournalRecovery.recover(options);
			Journal journal = new Journal(options, lock, recovered, closeWaitMillis);
			journal.writerThread.start();
			logger.info("Opened the journal in {}: {} entries held from position {}, next position {}", directory,
					recovered.heldEvents(), journal.acknowledged.lowWater(), recovered.nextPosition());
			return journal;
		}
		catch (IOException ex) {
			lock.close();
			throw new JournalException("Cannot open the journal in " + directory + ": " + ex
					+ "; the directory and its files must be readable and writable", ex);
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	/**
	 * Appends an entry. Never blocks: the writer thread writes it with the others that arrived within the group-commit
	 * window, forces them to disk with one {@code force}, and then tells each callback, in append order. Positions are
	 * assigned in the order of the calls.
	 * @param entry the entry
	 * @param callback told once: journaled with the position, or refused
	 */
	public void append(JournalEntry entry, AppendCallback callback) {
		JournalRefusal refusal = this.writer.refusal();
		if (refusal != null) {
			callback.refused(refusal);
			return;
		}
		ByteBuffer frame = RecordCodec.encode(entry);
		int bytes = frame.remaining();
		if (!this.counters.reserve(bytes, this.options.maxBytes())) {
			callback.refused(new JournalRefusal(JournalRefusal.Kind.FULL, "The journal holds its limit of "
					+ this.options.maxBytes() + " bytes; it takes entries again once replayed ones are acknowledged",
					null));
			return;
		}
		if (!this.writer.offer(new AppendQueue.PendingAppend(frame, callback))) {
			this.counters.reservedBytes.addAndGet(-bytes);
			JournalRefusal late = this.writer.refusal();
			callback.refused((late != null) ? late : JournalWriter.closedRefusal());
		}
	}

	/**
	 * Marks an entry as done (in Kafka, or dead-lettered). Thread-safe, cheap, any order. Progress is checkpointed in
	 * the background; after a crash, entries acknowledged since the last checkpoint are read again.
	 * @param position the entry's position
	 */
	public void acknowledge(long position) {
		// A position not journaled yet cannot be done: counting it would make the held count drift.
		if (position < this.counters.durablePosition && this.acknowledged.acknowledge(position)) {
			this.counters.heldEvents.decrementAndGet();
		}
	}

	/**
	 * Reads entries not yet acknowledged, in position order, starting at a position.
	 * @param fromPosition the first position to consider
	 * @param maxEntries the most entries to return
	 * @return up to {@code maxEntries} entries on disk (forced) at positions {@code >= fromPosition} that are not
	 * acknowledged and not quarantined; empty when there are none
	 */
	public List<JournaledRecord> read(long fromPosition, int maxEntries) {
		List<JournaledRecord> records = new ArrayList<>(Math.max(0, Math.min(maxEntries, 1024)));
		long from = Math.max(fromPosition, this.acknowledged.lowWater());
		Long firstSegment = this.segments.floorKey(from);
		Map<Long, Segment> candidates = (firstSegment != null) ? this.segments.tailMap(firstSegment) : this.segments;
		for (Segment segment : candidates.values()) {
			if (records.size() >= maxEntries) {
				break;
			}
			try {
				segment.read(from, maxEntries, this.acknowledged::isAcknowledged, records);
			}
			catch (ClosedChannelException ex) {
				// Deleted meanwhile: every entry in it was acknowledged.
			}
			catch (IOException ex) {
				throw new JournalException("Cannot read the journal segment " + segment.path() + ": " + ex, ex);
			}
		}
		return records;
	}

	/** The lowest position not yet acknowledged (the next position to be assigned when all are acknowledged). */
	public long firstUnacknowledged() {
		return this.acknowledged.lowWater();
	}

	/**
	 * Keys of the entries held when the journal was opened, as {@code topic + '\0' + key} for entries that have a key,
	 * each with its count: the publisher keeps later events with these keys behind them. The key bytes are read as
	 * UTF-8. When more than 100,000 distinct keys are held, the map is the single entry {@code "*" -> 1} instead:
	 * fence every key until the held entries are replayed.
	 */
	public Map<String, Integer> keysHeldAtOpen() {
		return this.keysHeldAtOpen;
	}

	/**
	 * Moves an entry to the dead-letter file beside the journal (forced), with the reason, then acknowledges it.
	 * @param record the entry
	 * @param reason why it can never be published
	 * @throws JournalException when the dead-letter file cannot be written; the entry stays in the journal
	 */
	public void deadLetter(JournaledRecord record, String reason) {
		try {
			this.deadLetters.append(record, reason, Instant.now());
		}
		catch (IOException ex) {
			throw new JournalException("Cannot write the dead-letter file " + this.deadLetters.file() + ": " + ex
					+ "; the entry at position " + record.position() + " stays in the journal", ex);
		}
		this.counters.deadLettered.incrementAndGet();
		acknowledge(record.position());
		logger.warn("Dead-lettered the journal entry at position {} (event {} of type {}): {}", record.position(),
				record.entry().eventId(), record.entry().eventType(), reason);
	}

	/** A snapshot of the counters. */
	public JournalStats stats() {
		JournalCounters counters = this.counters;
		long held = counters.heldEvents.get();
		return new JournalStats(held, counters.diskBytes.get(), counters.appended, counters.deadLettered.get(),
				this.quarantined, counters.forces, counters.forceNanosTotal, counters.forceNanosMax,
				(held > 0) ? oldestHeldMillis() : null);
	}

	/** The timestamp of the entry at the low-water mark, read from disk once per low-water mark. */
	private @Nullable Long oldestHeldMillis() {
		long lowWater = this.acknowledged.lowWater();
		OldestHeld cached = this.oldestHeld;
		if (cached != null && cached.position() == lowWater) {
			return cached.timestampMillis();
		}
		try {
			List<JournaledRecord> oldest = read(lowWater, 1);
			if (oldest.isEmpty()) {
				return null;
			}
			this.oldestHeld = new OldestHeld(lowWater, oldest.get(0).entry().timestampMillis());
			return this.oldestHeld.timestampMillis();
		}
		catch (JournalException ex) {
			return null;
		}
	}

	/**
	 * What is wrong with the journal, for the health indicator: a record quarantined at open, or a failed write or
	 * {@code force} (after which the journal refuses every append). {@code null} when nothing is.
	 */
	public @Nullable String problem() {
		JournalRefusal refusal = this.writer.refusal();
		if (refusal != null && refusal.kind() == JournalRefusal.Kind.FAILED) {
			return (this.quarantineProblem != null) ? refusal.detail() + ". Also: " + this.quarantineProblem
					: refusal.detail();
		}
		return this.quarantineProblem;
	}

	/**
	 * Writes what was appended, forces it, writes the checkpoint, stops the writer and releases the lock.
	 * Appends after this are refused as {@link JournalRefusal.Kind#CLOSED}.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.writer.stop();
		boolean interrupted = false;
		try {
			this.writerThread.join(this.closeWaitMillis);
			if (this.writerThread.isAlive()) {
				logger.warn("The journal writer did not stop within {} ms (a hung disk?): closing its files under it; "
						+ "appends not yet forced are refused", this.closeWaitMillis);
				// Once the lock is released another journal may own the directory: this writer must not touch it.
				this.writer.abandon();
				this.segments.values().forEach(Segment::close);
				this.writerThread.join(Math.min(1000, this.closeWaitMillis));
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		this.segments.values().forEach(Segment::close);
		this.deadLetters.close();
		this.lock.close();
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private record OldestHeld(long position, long timestampMillis) {
	}

}
