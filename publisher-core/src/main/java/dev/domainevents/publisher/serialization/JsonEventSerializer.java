/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.serialization;

import java.io.OutputStream;
import java.util.Arrays;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serializes events to JSON with a Jackson {@link JsonMapper}, so the application's Jackson settings apply.
 * <p>
 * Each thread writes into a buffer of its own that it keeps between events (up to 64 KiB), so an event costs one
 * array of its exact size: {@link JsonMapper#writeValueAsBytes} builds the bytes in segments and copies them, which
 * allocates about two and a half times the JSON's size.
 *
 * @since 0.1.0
 */
public final class JsonEventSerializer implements EventSerializer {

	private static final int INITIAL_BUFFER_BYTES = 4 * 1024;

	private static final int MAX_KEPT_BUFFER_BYTES = 64 * 1024;

	private final ObjectWriter writer;

	private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

	/**
	 * Creates a serializer with a default {@link JsonMapper}.
	 */
	public JsonEventSerializer() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * Creates a serializer.
	 * @param jsonMapper the mapper to write events with
	 */
	public JsonEventSerializer(JsonMapper jsonMapper) {
		this.writer = jsonMapper.writer();
	}

	@Override
	public byte[] serialize(Object event) {
		Buffer buffer = this.buffers.get();
		if (buffer.inUse) {
			// A serializer of this event serializes another event on the same thread: leave the buffer to the outer one.
			return this.writer.writeValueAsBytes(event);
		}
		buffer.inUse = true;
		try {
			buffer.count = 0;
			this.writer.writeValue(buffer, event);
			return Arrays.copyOf(buffer.bytes, buffer.count);
		}
		finally {
			buffer.inUse = false;
			if (buffer.bytes.length > MAX_KEPT_BUFFER_BYTES) {
				// A rare large event must not pin its buffer to the thread for good.
				this.buffers.remove();
			}
		}
	}

	private static final class Buffer extends OutputStream {

		byte[] bytes = new byte[INITIAL_BUFFER_BYTES];

		int count;

		boolean inUse;

		@Override
		public void write(int b) {
			ensureRoom(1);
			this.bytes[this.count++] = (byte) b;
		}

		@Override
		public void write(byte[] source, int offset, int length) {
			ensureRoom(length);
			System.arraycopy(source, offset, this.bytes, this.count, length);
			this.count += length;
		}

		private void ensureRoom(int length) {
			int needed = this.count + length;
			if (needed > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
			}
		}

	}

}
