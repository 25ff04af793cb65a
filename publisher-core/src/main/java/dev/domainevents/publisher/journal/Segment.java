/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * One segment file: its channel, how far it is written and how far forced, and a sparse index (the offset of every
 * {@value #INDEX_INTERVAL}th record) so a read starts near its position instead of at the top of the file.
 * <p>
 * The writer thread appends and then publishes the forced size; readers on other threads read up to the forced size
 * only, with positional reads, so they never see a record whose group has not been forced.
 */
final class Segment {

	static final int INDEX_INTERVAL = 32;

	private final Path path;

	private final long firstPosition;

	private final FileChannel channel;

	/** Corrupt byte ranges found at open (offset to the offset to resume at): readers jump over them. */
	private final NavigableMap<Long, Long> quarantinedRanges = new TreeMap<>();

	private volatile long writtenBytes;

	private volatile long durableBytes;

	private volatile long lastPosition = -1;

	private long recordCount;

	private long[] indexPositions = new long[16];

	private long[] indexOffsets = new long[16];

	private int indexSize;

	Segment(Path path, long firstPosition, FileChannel channel, long size) {
		this.path = path;
		this.firstPosition = firstPosition;
		this.channel = channel;
		this.writtenBytes = size;
		this.durableBytes = size;
	}

	Path path() {
		return this.path;
	}

	long firstPosition() {
		return this.firstPosition;
	}

	FileChannel channel() {
		return this.channel;
	}

	/** The bytes written (the file's size, as far as this journal knows). */
	long size() {
		return this.writtenBytes;
	}

	/** The last position written to this segment, or -1 when it has none. */
	long lastPosition() {
		return this.lastPosition;
	}

	boolean hasRecords() {
		return this.lastPosition >= 0;
	}

	/** At open only, before the segment is shared: readers skip these bytes. */
	void addQuarantinedRange(long offset, long resumeOffset) {
		this.quarantinedRanges.put(offset, resumeOffset);
	}

	/** At open only: the size after the scan (and after a torn tail was cut off). */
	void recovered(long size) {
		this.writtenBytes = size;
		this.durableBytes = size;
	}

	/** A record at an offset is written (by the writer, or found at open); readers see it once it is durable. */
	void recordWritten(long position, long offset, int frameBytes) {
		if (this.recordCount++ % INDEX_INTERVAL == 0) {
			addToIndex(position, offset);
		}
		this.lastPosition = position;
		this.writtenBytes = offset + frameBytes;
	}

	/** Everything written so far is forced: readers may read it. */
	void writtenIsDurable() {
		this.durableBytes = this.writtenBytes;
	}

	private synchronized void addToIndex(long position, long offset) {
		if (this.indexSize == this.indexPositions.length) {
			this.indexPositions = Arrays.copyOf(this.indexPositions, this.indexSize * 2);
			this.indexOffsets = Arrays.copyOf(this.indexOffsets, this.indexSize * 2);
		}
		this.indexPositions[this.indexSize] = position;
		this.indexOffsets[this.indexSize] = offset;
		this.indexSize++;
	}

	/** The offset of the last indexed record at or before a position: reading from there finds the position. */
	private synchronized long offsetToReadFrom(long position) {
		int found = Arrays.binarySearch(this.indexPositions, 0, this.indexSize, position);
		int floor = (found >= 0) ? found : -found - 2;
		return (floor >= 0) ? this.indexOffsets[floor] : SegmentFormat.HEADER_BYTES;
	}

	/**
	 * Adds the durable records at positions {@code >= fromPosition} that are not skipped, in order, until
	 * {@code out} holds {@code maxEntries}.
	 * @throws java.nio.channels.ClosedChannelException when the segment was deleted meanwhile (all its records were
	 * acknowledged, so there is nothing to read in it)
	 * @throws JournalException when a record's CRC no longer matches: the disk changed it since it was written
	 */
	void read(long fromPosition, int maxEntries, LongPredicate skip, List<JournaledRecord> out) throws IOException {
		long limit = this.durableBytes;
		long last = this.lastPosition;
		if (last < fromPosition || limit <= SegmentFormat.HEADER_BYTES) {
			return;
		}
		ChannelCursor cursor = new ChannelCursor(this.channel, limit);
		long offset = offsetToReadFrom(fromPosition);
		while (out.size() < maxEntries && offset < limit) {
			Long resumeOffset = this.quarantinedRanges.get(offset);
			if (resumeOffset != null) {
				offset = resumeOffset;
				continue;
			}
			ByteBuffer frame = cursor.window(offset, SegmentFormat.FRAME_BYTES);
			if (frame == null) {
				return;
			}
			// Read before the next window: it may refill the buffer this one shares.
			int length = frame.getInt(0);
			int crc = frame.getInt(4);
			ByteBuffer body = cursor.window(offset + SegmentFormat.FRAME_BYTES, length);
			if (body == null) {
				throw changedOnDisk(offset, "its length runs past the end of what was written");
			}
			long recordOffset = offset;
			offset += SegmentFormat.FRAME_BYTES + length;
			long position = RecordCodec.positionOf(body);
			if (position < fromPosition || skip.test(position)) {
				continue;
			}
			if (RecordCodec.crc(body) != crc) {
				throw changedOnDisk(recordOffset, "its CRC no longer matches");
			}
			out.add(new JournaledRecord(position, RecordCodec.decode(body)));
		}
	}

	private JournalException changedOnDisk(long offset, String what) {
		return new JournalException("The journal record in " + this.path + " at offset " + offset + " was valid when "
				+ "written or recovered but " + what + ": the disk changed it; reopen the journal to quarantine it");
	}

	void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Nothing is lost: everything that was acknowledged as journaled is forced.
		}
	}

	@Override
	public String toString() {
		return this.path.getFileName().toString();
	}

}
