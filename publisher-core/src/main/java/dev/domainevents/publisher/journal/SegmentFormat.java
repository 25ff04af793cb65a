/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The journal's on-disk format, version 1. This is a contract: journals written today must be readable by every later
 * version, and another implementation can read them from this description alone. All integers are big-endian.
 * <h2>Files in the journal directory</h2>
 * <ul>
 * <li>{@code <first position, 20 decimal digits>.journal}: a segment, e.g. {@code 00000000000000000000.journal}.
 * Segments are append-only; the one with the highest name is the one written to.</li>
 * <li>{@code checkpoint}: the low-water mark, every position below which is acknowledged (see {@link Checkpoint}).</li>
 * <li>{@code journal.lock}: locked by the open journal; one instance per directory.</li>
 * <li>{@code dead-letters.jsonl}: one JSON object per line per dead-lettered entry (see {@link DeadLetterFile}).</li>
 * <li>{@code quarantine/}: copies of corrupt bytes found at open, named {@code <segment>-at-<offset>.corrupt}.</li>
 * </ul>
 * <h2>Segment</h2>
 * A 16-byte header, then records back to back, up to the end of the file:
 * <pre>
 * header: [int magic 0x444A4E4C ("DJNL")] [int format version = 1] [long first position]
 * record: [int length of the body] [int CRC32C of the body] [body]
 * </pre>
 * A file whose magic differs is not a segment; a version other than 1 is refused, never guessed at. The first
 * position in the header equals the one in the name. A segment is created under a {@code .tmp} name, its header
 * forced, and then renamed, so a segment never lacks its header.
 * <h2>Record body</h2>
 * <pre>
 * [long position]
 * [byte flags]                        0 in format 1 (reserved)
 * [string topic]
 * [int key length, or -1 for no key] [key bytes]
 * [int header count]                  then per header, in order:
 *     [string name] [int value length, or -1 for a null value] [value bytes]
 * [int value length] [value bytes]
 * [long timestamp, epoch milliseconds]
 * [string event id]
 * [string event type]
 * string: [int length in bytes] [UTF-8 bytes]
 * </pre>
 * Positions grow by one per record, across segments. A gap in positions is a record that was quarantined. A record
 * whose length runs past the end of the file or whose CRC does not match is torn (at the end of the last segment:
 * truncated at open) or corrupt (anywhere else: quarantined at open).
 */
final class SegmentFormat {

	/** "DJNL": domain-events journal. */
	static final int MAGIC = 0x444A4E4C;

	static final int VERSION = 1;

	static final int HEADER_BYTES = 16;

	/** The record frame before the body: its length and its CRC. */
	static final int FRAME_BYTES = 8;

	static final String SUFFIX = ".journal";

	private SegmentFormat() {
	}

	static String fileName(long firstPosition) {
		return String.format("%020d%s", firstPosition, SUFFIX);
	}

	static boolean isSegmentName(String fileName) {
		return fileName.length() == 20 + SUFFIX.length() && fileName.endsWith(SUFFIX)
				&& fileName.chars().limit(20).allMatch(Character::isDigit);
	}

	static long firstPositionOf(Path segment) {
		return Long.parseLong(segment.getFileName().toString().substring(0, 20));
	}

	static ByteBuffer header(long firstPosition) {
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
		header.putInt(MAGIC).putInt(VERSION).putLong(firstPosition).flip();
		return header;
	}

	/**
	 * Reads and checks a segment's header.
	 * @throws JournalException when the file is not a segment of a format this version reads: refusing is the only
	 * safe answer, reading it anyway could publish garbage or lose records
	 */
	static void checkHeader(Path segment, FileChannel channel) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
		while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
		}
		if (header.hasRemaining()) {
			throw new JournalException("The journal file " + segment + " is too short to be a journal segment ("
					+ header.position() + " bytes, the header takes " + HEADER_BYTES
					+ "): it is damaged or not a journal file; move it out of the journal directory");
		}
		int magic = header.getInt(0);
		int version = header.getInt(4);
		long firstPosition = header.getLong(8);
		if (magic != MAGIC) {
			throw new JournalException("The file " + segment + " is not a journal segment (magic 0x"
					+ Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC)
					+ "): it was not written by this journal or its header is damaged; move it out of the journal directory");
		}
		if (version != VERSION) {
			String written = (version > VERSION) ? "was written by a newer version (format " + version + ")"
					: "has an unknown format (" + version + ")";
			throw new JournalException("The journal segment " + segment + " " + written + "; this version reads format "
					+ VERSION + ": open the directory with the version that wrote it, or move the journal away");
		}
		if (firstPosition != firstPositionOf(segment)) {
			throw new JournalException("The journal segment " + segment + " says its first position is "
					+ firstPosition + " but its name says " + firstPositionOf(segment)
					+ ": its header is damaged; move it out of the journal directory");
		}
	}

}
