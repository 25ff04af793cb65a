/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a directory and checks every record from the checkpoint on: a torn tail of the last segment
 * is cut off (the crash came before its {@code force} returned, so nobody was told it was journaled); any other bad
 * bytes are copied to {@code quarantine/} and jumped over, loudly, never skipped in silence.
 */
final class JournalRecovery {

	private static final Logger logger = LoggerFactory.getLogger(JournalRecovery.class);

	static final String QUARANTINE_DIRECTORY = "quarantine";

	/** Beyond this many distinct keys, recovery stops counting them and fences every key instead. */
	static final int MAX_HELD_KEYS = 100_000;

	static final String ALL_KEYS = "*";

	private final JournalOptions options;

	private final List<Segment> segments = new ArrayList<>();

	private final List<long[]> gaps = new ArrayList<>();

	private final List<String> quarantineReports = new ArrayList<>();

	private @Nullable Map<String, Integer> heldKeys = new HashMap<>();

	private long heldEvents;

	private long lowWater;

	private long nextExpected;

	/** What the journal starts from. */
	record Recovered(List<Segment> segments, long lowWater, long checkpointed, long nextPosition, List<long[]> gaps,
			long heldEvents, Map<String, Integer> heldKeys, long quarantined, @Nullable String problem) {
	}

	private JournalRecovery(JournalOptions options) {
		this.options = options;
	}

	static Recovered recover(JournalOptions options) throws IOException {
		JournalRecovery recovery = new JournalRecovery(options);
		try {
			return recovery.run();
		}
		catch (IOException | RuntimeException ex) {
			recovery.segments.forEach(Segment::close);
			throw ex;
		}
	}

	private Recovered run() throws IOException {
		Path directory = this.options.directory();
		List<Path> files = segmentFiles(directory);
		for (int i = 0; i < files.size(); i++) {
			boolean last = i == files.size() - 1;
			Path file = files.get(i);
			Set<StandardOpenOption> openOptions = last ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
					: Set.of(StandardOpenOption.READ);
			FileChannel channel = this.options.channels().open(file, openOptions);
			Segment segment = new Segment(file, SegmentFormat.firstPositionOf(file), channel, channel.size());
			this.segments.add(segment);
			SegmentFormat.checkHeader(file, channel);
		}
		Long checkpoint = new Checkpoint(directory, this.options.channels()).read();
		this.lowWater = (checkpoint != null) ? checkpoint : 0;
		long checkpointed = (checkpoint != null) ? checkpoint : -1;
		deleteSegmentsBelowLowWater();
		this.nextExpected = this.lowWater;
		long nextPosition = this.lowWater;
		for (int i = 0; i < this.segments.size(); i++) {
			Segment segment = this.segments.get(i);
			scan(segment, i == this.segments.size() - 1);
			nextPosition = Math.max(nextPosition,
					segment.hasRecords() ? segment.lastPosition() + 1 : segment.firstPosition());
		}
		if (nextPosition > this.nextExpected) {
			this.gaps.add(new long[] { this.nextExpected, nextPosition });
		}
		String problem = null;
		if (!this.quarantineReports.isEmpty()) {
			problem = this.quarantineReports.size() + " corrupt journal record(s) quarantined at open; the first: "
					+ this.quarantineReports.get(0);
		}
		Map<String, Integer> keys = (this.heldKeys != null) ? Map.copyOf(this.heldKeys) : Map.of(ALL_KEYS, 1);
		return new Recovered(List.copyOf(this.segments), this.lowWater, checkpointed, nextPosition, this.gaps, this.heldEvents, keys,
				this.quarantineReports.size(), problem);
	}

	private static List<Path> segmentFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			List<Path> all = files.toList();
			for (Path file : all) {
				// Leftovers of a crash during a checkpoint or a segment's creation: never renamed, so never in use.
				if (file.getFileName().toString().endsWith(".tmp")) {
					Files.deleteIfExists(file);
				}
			}
			return all.stream().filter((file) -> SegmentFormat.isSegmentName(file.getFileName().toString()))
				.sorted()
				.toList();
		}
	}

	/** A segment whose successor starts at or below the low-water mark holds only acknowledged positions. */
	private void deleteSegmentsBelowLowWater() throws IOException {
		while (this.segments.size() > 1 && this.segments.get(1).firstPosition() <= this.lowWater) {
			Segment stale = this.segments.remove(0);
			stale.close();
			Files.deleteIfExists(stale.path());
			logger.info("Deleted journal segment {}: all its entries were acknowledged before the last stop", stale);
		}
	}

	private void scan(Segment segment, boolean last) throws IOException {
		long fileSize = segment.channel().size();
		ChannelCursor cursor = new ChannelCursor(segment.channel(), fileSize);
		long offset = SegmentFormat.HEADER_BYTES;
		long previous = segment.firstPosition() - 1;
		while (offset < fileSize) {
			ValidRecord record = validRecordAt(cursor, offset, previous);
			if (record != null) {
				long position = record.position();
				segment.recordWritten(position, offset, record.frameBytes());
				found(position, record.entry());
				previous = position;
				offset += record.frameBytes();
				continue;
			}
			long resume = nextValidOffset(cursor, offset + 1, previous);
			if (resume < 0 && last) {
				logger.warn("Truncating the journal segment {} at offset {}: its last {} bytes are a record torn by a "
						+ "crash before it was forced (no one was told it was journaled)", segment, offset,
						fileSize - offset);
				segment.channel().truncate(offset);
				segment.channel().force(true);
				break;
			}
			long end = (resume < 0) ? fileSize : resume;
			quarantine(segment, cursor, offset, end);
			segment.addQuarantinedRange(offset, end);
			offset = end;
		}
		segment.recovered(Math.min(offset, fileSize));
	}

	/** A record read at open: its body and what it decodes to. */
	private record ValidRecord(ByteBuffer body, JournalEntry entry) {

		long position() {
			return RecordCodec.positionOf(this.body);
		}

		int frameBytes() {
			return SegmentFormat.FRAME_BYTES + this.body.remaining();
		}

	}

	/** The record at an offset if it is whole, its CRC matches and it decodes; {@code null} if not. */
	private static @Nullable ValidRecord validRecordAt(ChannelCursor cursor, long offset, long previousPosition)
			throws IOException {
		ByteBuffer frame = cursor.window(offset, SegmentFormat.FRAME_BYTES);
		if (frame == null) {
			return null;
		}
		// Read before the next window: it may refill the buffer this one shares.
		int length = frame.getInt(0);
		int crc = frame.getInt(4);
		if (length < RecordCodec.MIN_BODY_BYTES || offset + SegmentFormat.FRAME_BYTES + length > cursor.limit()) {
			return null;
		}
		ByteBuffer body = cursor.window(offset + SegmentFormat.FRAME_BYTES, length);
		// The position is checked before the CRC: garbage rarely passes it, and it costs nothing.
		if (body == null || RecordCodec.positionOf(body) <= previousPosition || RecordCodec.crc(body) != crc) {
			return null;
		}
		try {
			return new ValidRecord(body, RecordCodec.decode(body));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The next offset where a valid record starts (found by trying every byte), or -1 when there is none. */
	private static long nextValidOffset(ChannelCursor cursor, long from, long previousPosition) throws IOException {
		long lastStart = cursor.limit() - SegmentFormat.FRAME_BYTES - RecordCodec.MIN_BODY_BYTES;
		for (long offset = from; offset <= lastStart; offset++) {
			if (validRecordAt(cursor, offset, previousPosition) != null) {
				return offset;
			}
		}
		return -1;
	}

	private void found(long position, JournalEntry entry) {
		if (position < this.lowWater) {
			return;
		}
		if (position > this.nextExpected) {
			// Positions never written, or quarantined: nothing there will ever be acknowledged.
			this.gaps.add(new long[] { this.nextExpected, position });
		}
		this.nextExpected = position + 1;
		this.heldEvents++;
		if (this.heldKeys != null) {
			if (entry.key() != null) {
				this.heldKeys.merge(entry.topic() + '\0' + new String(entry.key(), StandardCharsets.UTF_8), 1,
						Integer::sum);
				if (this.heldKeys.size() > MAX_HELD_KEYS) {
					this.heldKeys = null;
				}
			}
		}
	}

	private void quarantine(Segment segment, ChannelCursor cursor, long offset, long end) throws IOException {
		Path directory = this.options.directory().resolve(QUARANTINE_DIRECTORY);
		Files.createDirectories(directory);
		Path copy = directory.resolve(segment.path().getFileName() + "-at-" + offset + ".corrupt");
		try (FileChannel out = this.options.channels().open(copy,
				Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
			long written = 0;
			while (written < end - offset) {
				int chunk = (int) Math.min(64 * 1024, end - offset - written);
				ByteBuffer bytes = cursor.window(offset + written, chunk);
				JournalFiles.writeFully(out, (bytes != null) ? bytes : ByteBuffer.allocate(0), written);
				written += chunk;
			}
			out.force(true);
		}
		JournalFiles.forceDirectory(this.options.channels(), directory);
		String report = segment.path() + " at offset " + offset + " (" + (end - offset) + " bytes, copied to " + copy
				+ ")";
		this.quarantineReports.add(report);
		logger.error("Quarantined a corrupt journal record in {}: its length or CRC is wrong and valid records follow "
				+ "it, so it is not a torn tail. It is not published; inspect the copy and publish it by hand if it "
				+ "can be recovered", report);
	}

}
