/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * {@code dead-letters.jsonl}: one JSON object per line for each entry that can never be published, forced before
 * the entry is acknowledged, so that an entry leaves the journal only to land here. Its fields: {@code position},
 * {@code eventId}, {@code eventType}, {@code topic}, {@code key} (base64, or null), {@code value} (base64),
 * {@code headers} (an array of {@code {"name", "value"}}, values base64 or null), {@code timestampMillis},
 * {@code reason} and {@code deadLetteredAt} (ISO-8601). Written by hand: the core must not need Jackson.
 */
final class DeadLetterFile implements AutoCloseable {

	static final String FILE_NAME = "dead-letters.jsonl";

	private final Path file;

	private final JournalOptions.ChannelOpener opener;

	private @Nullable FileChannel channel;

	DeadLetterFile(Path directory, JournalOptions.ChannelOpener opener) {
		this.file = directory.resolve(FILE_NAME);
		this.opener = opener;
	}

	Path file() {
		return this.file;
	}

	/** Appends the record's line and forces it. */
	synchronized void append(JournaledRecord record, String reason, Instant now) throws IOException {
		if (this.channel == null) {
			this.channel = this.opener.open(this.file,
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
		}
		ByteBuffer line = ByteBuffer.wrap(line(record, reason, now).getBytes(StandardCharsets.UTF_8));
		while (line.hasRemaining()) {
			this.channel.write(line);
		}
		this.channel.force(false);
	}

	static String line(JournaledRecord record, String reason, Instant now) {
		JournalEntry entry = record.entry();
		StringBuilder json = new StringBuilder(256 + entry.value().length * 4 / 3);
		json.append("{\"position\":").append(record.position());
		json.append(",\"eventId\":").append(quoted(entry.eventId()));
		json.append(",\"eventType\":").append(quoted(entry.eventType()));
		json.append(",\"topic\":").append(quoted(entry.topic()));
		json.append(",\"key\":").append(base64(entry.key()));
		json.append(",\"value\":").append(base64(entry.value()));
		json.append(",\"headers\":[");
		for (int i = 0; i < entry.headers().size(); i++) {
			JournalEntry.Header header = entry.headers().get(i);
			json.append((i > 0) ? ",{\"name\":" : "{\"name\":").append(quoted(header.name()));
			json.append(",\"value\":").append(base64(header.value())).append('}');
		}
		json.append("],\"timestampMillis\":").append(entry.timestampMillis());
		json.append(",\"reason\":").append(quoted(reason));
		json.append(",\"deadLetteredAt\":").append(quoted(now.toString()));
		return json.append("}\n").toString();
	}

	private static String base64(byte @Nullable [] bytes) {
		return (bytes != null) ? '"' + Base64.getEncoder().encodeToString(bytes) + '"' : "null";
	}

	static String quoted(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				case '\b' -> quoted.append("\\b");
				case '\f' -> quoted.append("\\f");
				default -> {
					// Control characters must be escaped in JSON; U+2028/9 too, for readers that embed it in JavaScript.
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	@Override
	public synchronized void close() {
		if (this.channel != null) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Every line was forced when it was written.
			}
			this.channel = null;
		}
	}

}
