/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes records as {@link SegmentFormat} describes them. The appending thread encodes the entry (so the
 * writer thread only copies bytes); the writer stamps the position and the CRC when it assigns the position.
 */
final class RecordCodec {

	/** The smallest body: a position, flags, six empty lengths, a timestamp (empty strings, no key, no headers). */
	static final int MIN_BODY_BYTES = 8 + 1 + 4 + 4 + 4 + 4 + 8 + 4 + 4;

	private static final int POSITION_OFFSET = SegmentFormat.FRAME_BYTES;

	private RecordCodec() {
	}

	/** The framed record, without its position and CRC yet (see {@link #seal}). */
	static ByteBuffer encode(JournalEntry entry) {
		byte[] topic = utf8(entry.topic());
		byte[] eventId = utf8(entry.eventId());
		byte[] eventType = utf8(entry.eventType());
		List<byte[]> headerNames = new ArrayList<>(entry.headers().size());
		int bodyBytes = MIN_BODY_BYTES + topic.length + eventId.length + eventType.length + entry.value().length
				+ ((entry.key() != null) ? entry.key().length : 0);
		for (JournalEntry.Header header : entry.headers()) {
			byte[] name = utf8(header.name());
			headerNames.add(name);
			bodyBytes += 8 + name.length + ((header.value() != null) ? header.value().length : 0);
		}
		ByteBuffer frame = ByteBuffer.allocate(SegmentFormat.FRAME_BYTES + bodyBytes);
		frame.putInt(bodyBytes).putInt(0);
		frame.putLong(0).put((byte) 0);
		putBytes(frame, topic);
		putNullableBytes(frame, entry.key());
		frame.putInt(entry.headers().size());
		for (int i = 0; i < headerNames.size(); i++) {
			putBytes(frame, headerNames.get(i));
			putNullableBytes(frame, entry.headers().get(i).value());
		}
		putBytes(frame, entry.value());
		frame.putLong(entry.timestampMillis());
		putBytes(frame, eventId);
		putBytes(frame, eventType);
		return frame.flip();
	}

	/** Stamps the position and the CRC of the body into a frame from {@link #encode}. */
	static void seal(ByteBuffer frame, long position) {
		frame.putLong(POSITION_OFFSET, position);
		frame.putInt(4, crc(frame.duplicate().position(SegmentFormat.FRAME_BYTES)));
	}

	/** The CRC32C of the buffer's remaining bytes (its position is not moved). */
	static int crc(ByteBuffer bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes.duplicate());
		return (int) crc.getValue();
	}

	static long positionOf(ByteBuffer body) {
		return body.getLong(body.position());
	}

	/**
	 * Decodes a body whose CRC matched.
	 * @throws IllegalArgumentException when its fields do not add up (not written by a format-1 writer)
	 */
	static JournalEntry decode(ByteBuffer body) {
		ByteBuffer in = body.duplicate();
		try {
			in.getLong();
			in.get();
			String topic = string(in);
			byte[] key = nullableBytes(in);
			int headerCount = in.getInt();
			if (headerCount < 0 || headerCount > in.remaining() / 8) {
				throw new IllegalArgumentException("header count " + headerCount);
			}
			List<JournalEntry.Header> headers = new ArrayList<>(headerCount);
			for (int i = 0; i < headerCount; i++) {
				headers.add(new JournalEntry.Header(string(in), nullableBytes(in)));
			}
			byte[] value = bytes(in);
			long timestampMillis = in.getLong();
			String eventId = string(in);
			String eventType = string(in);
			if (in.hasRemaining()) {
				throw new IllegalArgumentException(in.remaining() + " bytes left after the event type");
			}
			return new JournalEntry(topic, key, value, List.copyOf(headers), timestampMillis, eventId, eventType);
		}
		catch (RuntimeException ex) {
			if (ex instanceof IllegalArgumentException) {
				throw ex;
			}
			throw new IllegalArgumentException("the body's fields run past its end", ex);
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static void putBytes(ByteBuffer out, byte[] bytes) {
		out.putInt(bytes.length).put(bytes);
	}

	private static void putNullableBytes(ByteBuffer out, byte @Nullable [] bytes) {
		if (bytes == null) {
			out.putInt(-1);
		}
		else {
			putBytes(out, bytes);
		}
	}

	private static String string(ByteBuffer in) {
		return new String(bytes(in), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(ByteBuffer in) {
		byte[] bytes = nullableBytes(in);
		if (bytes == null) {
			throw new IllegalArgumentException("a length of -1 where null is not allowed");
		}
		return bytes;
	}

	private static byte @Nullable [] nullableBytes(ByteBuffer in) {
		int length = in.getInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > in.remaining()) {
			throw new IllegalArgumentException("length " + length + " with " + in.remaining() + " bytes left");
		}
		byte[] bytes = new byte[length];
		in.get(bytes);
		return bytes;
	}

}
