/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents Kafka protocol binding in binary content mode: the event's attributes travel as {@code ce_*}
 * headers and the record value is the event's data. ({@code ce_source}, {@code ce_id}) identifies an event.
 */
final class CloudEvents {

	static final String ID = "ce_id";

	static final String SOURCE = "ce_source";

	static final String TYPE = "ce_type";

	static final String TIME = "ce_time";

	static final String SPEC_VERSION = "ce_specversion";

	static final String CONTENT_TYPE = "content-type";

	private static final byte[] SPEC_VERSION_1_0 = "1.0".getBytes(StandardCharsets.UTF_8);

	// Racy on purpose: a thread that misses another's update formats the time once more.
	private static volatile FormattedTime lastTime = new FormattedTime(Long.MIN_VALUE, new byte[0]);

	private CloudEvents() {
	}

	static boolean isReserved(String headerName) {
		return headerName.regionMatches(true, 0, "ce_", 0, 3) || headerName.equalsIgnoreCase(CONTENT_TYPE);
	}

	static RecordHeaders headers(String eventId, byte[] source, String type, long epochMillis, byte[] contentType) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(ID, utf8(eventId));
		headers.add(SOURCE, source);
		headers.add(TYPE, utf8(type));
		headers.add(TIME, time(epochMillis));
		headers.add(SPEC_VERSION, SPEC_VERSION_1_0);
		headers.add(CONTENT_TYPE, contentType);
		return headers;
	}

	/**
	 * The RFC 3339 time of a millisecond, the record's own timestamp. Formatting it costs more than the rest of the
	 * headers together, so the last one is kept: events published within the same millisecond share its bytes, which
	 * nothing ever writes to.
	 */
	static byte[] time(long epochMillis) {
		FormattedTime last = lastTime;
		if (last.epochMillis != epochMillis) {
			last = new FormattedTime(epochMillis,
					utf8(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis))));
			lastTime = last;
		}
		return last.utf8;
	}

	/**
	 * A version 7 UUID: a millisecond timestamp followed by random bits, so ids sort by creation time. Drawn from
	 * {@link ThreadLocalRandom} because {@link UUID#randomUUID()} serializes every caller thread on one
	 * {@code SecureRandom}; event ids need uniqueness, not secrecy.
	 */
	static String newEventId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private record FormattedTime(long epochMillis, byte[] utf8) {
	}

}
