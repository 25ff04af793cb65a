/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code checkpoint} file: the low-water mark, below which every position is acknowledged. 20 bytes,
 * big-endian: {@code [int magic 0x444A434B ("DJCK")] [int format version = 1] [long low-water position]
 * [int CRC32C of the 16 bytes before it]}. Replaced atomically (written beside, forced, renamed, directory forced), so
 * a crash leaves the old checkpoint or the new one, never a mix.
 */
final class Checkpoint {

	private static final Logger logger = LoggerFactory.getLogger(Checkpoint.class);

	static final String FILE_NAME = "checkpoint";

	private static final int MAGIC = 0x444A434B;

	private static final int BYTES = 20;

	private final Path file;

	private final JournalOptions.ChannelOpener opener;

	Checkpoint(Path directory, JournalOptions.ChannelOpener opener) {
		this.file = directory.resolve(FILE_NAME);
		this.opener = opener;
	}

	/**
	 * The low-water mark on disk; {@code null} when there is no checkpoint yet, or when it is damaged (logged): the
	 * caller then replays everything still on disk, which may send entries twice but loses none.
	 * @throws JournalException when the checkpoint was written by a newer version
	 */
	@Nullable Long read() throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		ByteBuffer in = ByteBuffer.wrap(bytes);
		if (bytes.length == BYTES && in.getInt(0) == MAGIC && in.getInt(4) != SegmentFormat.VERSION
				&& RecordCodec.crc(in.duplicate().limit(16)) == in.getInt(16)) {
			throw new JournalException("The journal checkpoint " + this.file + " was written by a newer version (format "
					+ in.getInt(4) + "); this version reads format " + SegmentFormat.VERSION
					+ ": open the directory with the version that wrote it, or move the journal away");
		}
		if (bytes.length != BYTES || in.getInt(0) != MAGIC
				|| RecordCodec.crc(in.duplicate().limit(16)) != in.getInt(16)) {
			logger.warn("The journal checkpoint {} is damaged ({} bytes, CRC or magic wrong); falling back to the first "
					+ "segment's first position: every entry still on disk is replayed, some perhaps a second time",
					this.file, bytes.length);
			return null;
		}
		return in.getLong(8);
	}

	void write(long lowWater) throws IOException {
		ByteBuffer out = ByteBuffer.allocate(BYTES);
		out.putInt(MAGIC).putInt(SegmentFormat.VERSION).putLong(lowWater);
		out.putInt(RecordCodec.crc(out.duplicate().flip()));
		JournalFiles.writeAtomically(this.opener, this.file, out.flip());
	}

}
