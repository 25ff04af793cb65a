/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
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

	private CloudEvents() {
	}

	static boolean isReserved(String headerName) {
		return headerName.regionMatches(true, 0, "ce_", 0, 3) || headerName.equalsIgnoreCase(CONTENT_TYPE);
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

	/**
	 * Builds the CloudEvents headers of one publisher's records. Only {@code ce_id} differs from one event to the
	 * next; the other headers are shared by every record whose value they carry: {@code ce_source}, the spec version
	 * and the content type by all, {@code ce_type} by all of a type, {@code ce_time} by all of a millisecond (formatting
	 * it costs more than the rest of the headers together). A header is never written once built, and the producer
	 * copies its bytes into the batch, so sharing it is safe.
	 */
	static final class HeaderFactory {

		// Applications publish a handful of event types; past this many, types are no longer remembered.
		private static final int MAX_REMEMBERED_TYPES = 1024;

		private static final Header SPEC_VERSION_HEADER = new RecordHeader(SPEC_VERSION, SPEC_VERSION_1_0);

		private final Header source;

		private final Header contentType;

		private final Map<String, Header> types = new ConcurrentHashMap<>();

		// Racy on purpose: a thread that misses another's update formats the time once more.
		private volatile TimeHeader lastTime = new TimeHeader(Long.MIN_VALUE, new RecordHeader(TIME, new byte[0]));

		HeaderFactory(String source, String contentType) {
			this.source = new RecordHeader(SOURCE, utf8(source));
			this.contentType = new RecordHeader(CONTENT_TYPE, utf8(contentType));
		}

		/**
		 * Returns the headers of a new record; the application's own headers may still be added.
		 */
		RecordHeaders create(String eventId, String type, long epochMillis) {
			RecordHeaders headers = new RecordHeaders();
			headers.add(new RecordHeader(ID, utf8(eventId)));
			headers.add(this.source);
			headers.add(typeHeader(type));
			headers.add(timeHeader(epochMillis));
			headers.add(SPEC_VERSION_HEADER);
			headers.add(this.contentType);
			return headers;
		}

		private Header typeHeader(String type) {
			Header header = this.types.get(type);
			if (header == null) {
				header = new RecordHeader(TYPE, utf8(type));
				if (this.types.size() < MAX_REMEMBERED_TYPES) {
					this.types.put(type, header);
				}
			}
			return header;
		}

		private Header timeHeader(long epochMillis) {
			TimeHeader last = this.lastTime;
			if (last.epochMillis != epochMillis) {
				last = new TimeHeader(epochMillis, new RecordHeader(TIME,
						utf8(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis)))));
				this.lastTime = last;
			}
			return last.header;
		}

		private record TimeHeader(long epochMillis, Header header) {
		}

	}

}
