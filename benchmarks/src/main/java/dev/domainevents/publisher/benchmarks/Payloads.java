/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pool of events of one JSON size, with what the raw producer and the template send for each: the same JSON bytes
 * that the publisher's serializer writes, the same key, and CloudEvents headers of the same names and sizes as the
 * publisher's ({@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_specversion},
 * {@code content-type}). The raw peers get them ready-made: they are the ceiling, so they do the least work.
 */
final class Payloads {

	/** The CloudEvents type of every event. */
	static final String EVENT_TYPE = "dev.domainevents.benchmarks.order-placed";

	/** The CloudEvents source of every event. */
	static final String SOURCE = "/benchmarks";

	/** How many distinct events a pool holds: a power of two, so that an index wraps with a mask. */
	static final int POOL_SIZE = 1024;

	/** How many distinct keys the events use. */
	static final int KEYS = 256;

	private final int jsonBytes;

	private final BenchEvent[] events;

	private final byte[][] keys;

	private final byte[][] values;

	private final Header[][] headers;

	private final String note;

	private Payloads(int jsonBytes, BenchEvent[] events, byte[][] keys, byte[][] values, Header[][] headers,
			String note) {
		this.jsonBytes = jsonBytes;
		this.events = events;
		this.keys = keys;
		this.values = values;
		this.headers = headers;
		this.note = note;
	}

	/**
	 * Builds a pool whose events serialize, with this mapper, to exactly {@code jsonBytes} bytes.
	 * @param jsonBytes the size of each event's JSON, at least 128
	 * @param mapper the mapper the publisher's serializer uses
	 * @return the pool
	 */
	static Payloads of(int jsonBytes, JsonMapper mapper) {
		int unpadded = mapper.writeValueAsBytes(event(0, "")).length;
		if (jsonBytes < unpadded) {
			throw new IllegalArgumentException("An event's JSON takes at least " + unpadded + " bytes");
		}
		String note = "x".repeat(jsonBytes - unpadded);
		BenchEvent[] events = new BenchEvent[POOL_SIZE];
		byte[][] keys = new byte[POOL_SIZE][];
		byte[][] values = new byte[POOL_SIZE][];
		Header[][] headers = new Header[POOL_SIZE][];
		byte[] source = utf8(SOURCE);
		byte[] type = utf8(EVENT_TYPE);
		byte[] specVersion = utf8("1.0");
		byte[] contentType = utf8("application/json");
		// The publisher writes Instant.now() with ISO_INSTANT: microseconds on Linux, so 27 characters.
		byte[] time = utf8(DateTimeFormatter.ISO_INSTANT.format(Instant.parse("2026-01-01T00:00:00.123456Z")));
		for (int i = 0; i < POOL_SIZE; i++) {
			events[i] = event(i, note);
			keys[i] = utf8(events[i].customerId());
			values[i] = mapper.writeValueAsBytes(events[i]);
			if (values[i].length != jsonBytes) {
				throw new IllegalStateException("Event " + i + " is " + values[i].length + " bytes, not " + jsonBytes);
			}
			headers[i] = new Header[] { new RecordHeader("ce_id", utf8(UUID.randomUUID().toString())),
					new RecordHeader("ce_source", source), new RecordHeader("ce_type", type),
					new RecordHeader("ce_time", time), new RecordHeader("ce_specversion", specVersion),
					new RecordHeader("content-type", contentType) };
		}
		return new Payloads(jsonBytes, events, keys, values, headers, note);
	}

	private static BenchEvent event(long number, String note) {
		return new BenchEvent(String.format("order-%010d", number), customerId(number), "EUR", 1_234_567L, note);
	}

	private static String customerId(long number) {
		return String.format("customer-%04d", number % KEYS);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	int jsonBytes() {
		return this.jsonBytes;
	}

	/** The pooled event at an index, wrapped into the pool. */
	BenchEvent event(long index) {
		return this.events[(int) (index & (POOL_SIZE - 1))];
	}

	byte[] key(long index) {
		return this.keys[(int) (index & (POOL_SIZE - 1))];
	}

	byte[] value(long index) {
		return this.values[(int) (index & (POOL_SIZE - 1))];
	}

	/** The headers at an index; {@code new RecordHeaders(Header[])} copies the array, and a header is immutable. */
	Header[] headers(long index) {
		return this.headers[(int) (index & (POOL_SIZE - 1))];
	}

	/**
	 * A new event, with strings of its own, as an application creates one per publication: what the publisher
	 * retains while the event waits is then this event's own memory, not a pooled one's.
	 * @param number the event's number
	 * @return an event of this pool's JSON size
	 */
	BenchEvent freshEvent(long number) {
		return new BenchEvent(String.format("order-%010d", number % 10_000_000_000L), customerId(number), "EUR",
				1_234_567L, new String(this.note.toCharArray()));
	}

}
