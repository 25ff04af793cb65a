/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A durable, append-only journal of records on local disk: segmented files, each record framed with its length and a
 * CRC32C, one writer thread with group commit, recovery of a torn tail, quarantine of corrupt records, an atomic
 * checkpoint of acknowledged progress, and one instance per directory (a lock file).
 * <p>
 * Positions grow by one per append, across restarts. An entry stays in the journal until it is
 * {@linkplain #acknowledge acknowledged}; segments whose entries are all acknowledged are deleted once the checkpoint
 * that says so is on disk.
 *
 * @since 0.2.0
 */
public final class Journal implements AutoCloseable {

	private Journal() {
	}

	/**
	 * Opens (and recovers) the journal in a directory, and starts its writer thread.
	 * @param options where and how
	 * @return the open journal
	 * @throws JournalException with a message that says what to do: the directory is locked by another instance, it
	 * holds a journal in a format this version cannot read, or it cannot be created or written
	 */
	public static Journal open(JournalOptions options) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Appends an entry. Never blocks: the writer thread writes it with the others that arrived within the group-commit
	 * window, forces them to disk with one {@code force}, and then tells each callback, in append order. Positions are
	 * assigned in the order of the calls.
	 * @param entry the entry
	 * @param callback told once: journaled with the position, or refused
	 */
	public void append(JournalEntry entry, AppendCallback callback) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Marks an entry as done (in Kafka, or dead-lettered). Thread-safe, cheap, any order. Progress is checkpointed in
	 * the background; after a crash, entries acknowledged since the last checkpoint are read again.
	 * @param position the entry's position
	 */
	public void acknowledge(long position) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Reads entries not yet acknowledged, in position order, starting at a position.
	 * @param fromPosition the first position to consider
	 * @param maxEntries the most entries to return
	 * @return up to {@code maxEntries} entries on disk (forced) at positions {@code >= fromPosition} that are not
	 * acknowledged and not quarantined; empty when there are none
	 */
	public List<JournaledRecord> read(long fromPosition, int maxEntries) {
		throw new UnsupportedOperationException("not yet");
	}

	/** The lowest position not yet acknowledged (the next position to be assigned when all are acknowledged). */
	public long firstUnacknowledged() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Keys of the entries held when the journal was opened, as {@code topic + '\0' + key} for entries that have a key,
	 * each with its count: the publisher keeps later events with these keys behind them.
	 */
	public java.util.Map<String, Integer> keysHeldAtOpen() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Moves an entry to the dead-letter file beside the journal (forced), with the reason, then acknowledges it.
	 * @param record the entry
	 * @param reason why it can never be published
	 */
	public void deadLetter(JournaledRecord record, String reason) {
		throw new UnsupportedOperationException("not yet");
	}

	/** A snapshot of the counters. */
	public JournalStats stats() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * What is wrong with the journal, for the health indicator: a record quarantined at open, or a failed write or
	 * {@code force} (after which the journal refuses every append). {@code null} when nothing is.
	 */
	public @Nullable String problem() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Writes what was appended, forces it, writes the checkpoint, stops the writer and releases the lock.
	 * Appends after this are refused as {@link JournalRefusal.Kind#CLOSED}.
	 */
	@Override
	public void close() {
		throw new UnsupportedOperationException("not yet");
	}

}
