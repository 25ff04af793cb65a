/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.jspecify.annotations.Nullable;

/**
 * Reads a file's bytes up to a limit through one buffer, with positional reads: they do not move the channel's
 * position, so a reader can use the channel the writer appends with. Sequential access reads the file in large
 * chunks rather than once per record.
 */
final class ChannelCursor {

	private static final int CHUNK_BYTES = 64 * 1024;

	private final FileChannel channel;

	private final long limit;

	private ByteBuffer buffer;

	private long bufferStart;

	private int bufferLength;

	ChannelCursor(FileChannel channel, long limit) {
		this.channel = channel;
		this.limit = limit;
		this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(limit, 16)));
	}

	long limit() {
		return this.limit;
	}

	/**
	 * The file's bytes from an offset, as a buffer of exactly that length (position 0), or {@code null} when the limit
	 * comes first. The buffer is valid until the next call: it shares the cursor's memory.
	 */
	@Nullable ByteBuffer window(long offset, int length) throws IOException {
		if (length < 0 || offset < 0 || offset + length > this.limit) {
			return null;
		}
		if (offset < this.bufferStart || offset + length > this.bufferStart + this.bufferLength) {
			fill(offset, length);
		}
		int start = (int) (offset - this.bufferStart);
		return this.buffer.duplicate().limit(start + length).position(start).slice();
	}

	private void fill(long offset, int length) throws IOException {
		if (length > this.buffer.capacity()) {
			this.buffer = ByteBuffer.allocate(Math.max(length, CHUNK_BYTES));
		}
		int wanted = (int) Math.min(this.buffer.capacity(), this.limit - offset);
		this.buffer.clear().limit(wanted);
		this.bufferStart = offset;
		this.bufferLength = 0;
		while (this.buffer.hasRemaining()) {
			int read = this.channel.read(this.buffer, offset + this.buffer.position());
			if (read < 0) {
				break;
			}
		}
		this.bufferLength = this.buffer.position();
		if (this.bufferLength < length) {
			throw new IOException("The file ended at " + (offset + this.bufferLength) + ", before " + (offset + length));
		}
	}

}
