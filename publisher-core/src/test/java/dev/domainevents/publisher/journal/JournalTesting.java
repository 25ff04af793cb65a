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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries, callbacks and file surgery shared by the journal's tests. */
final class JournalTesting {

	static final long TIMESTAMP = 1_767_225_600_000L;

	private JournalTesting() {
	}

	static JournalOptions options(Path directory) {
		return new JournalOptions(directory, 64L * 1024 * 1024, 1024 * 1024, Duration.ofMillis(1), FileChannel::open);
	}

	static JournalOptions smallSegments(Path directory, long maxBytes) {
		return new JournalOptions(directory, maxBytes, 1024, Duration.ofMillis(1), FileChannel::open);
	}

	static JournalEntry entry(int i) {
		return entry("orders", "order-" + (i % 7), i);
	}

	static JournalEntry entry(String topic, @Nullable String key, int i) {
		return new JournalEntry(topic, (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null,
				("{\"order\":" + i + "}").getBytes(StandardCharsets.UTF_8),
				List.of(new JournalEntry.Header("ce_id", ("id-" + i).getBytes(StandardCharsets.UTF_8)),
						new JournalEntry.Header("ce_type", "OrderPlaced".getBytes(StandardCharsets.UTF_8)),
						new JournalEntry.Header("empty", null)),
				TIMESTAMP + i, "id-" + i, "OrderPlaced");
	}

	/** The number in an entry's event id. */
	static int numberOf(JournaledRecord record) {
		return Integer.parseInt(record.entry().eventId().substring(3));
	}

	/** Appends and waits for the outcome. */
	static Outcome appendAndWait(Journal journal, JournalEntry entry) {
		Outcome outcome = new Outcome();
		journal.append(entry, outcome);
		outcome.await();
		return outcome;
	}

	static List<Long> appendAll(Journal journal, int from, int count) {
		List<Long> positions = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			Outcome outcome = appendAndWait(journal, entry(i));
			assertThat(outcome.refusal).as("refusal of entry %d", i).isNull();
			positions.add(outcome.position);
		}
		return positions;
	}

	static List<JournaledRecord> readAll(Journal journal) {
		return journal.read(0, Integer.MAX_VALUE);
	}

	static List<Path> segments(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".journal")).sorted().toList();
		}
	}

	/** The offsets of the records of a segment, read the way the format describes them. */
	static List<Long> recordOffsets(Path segment) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
		List<Long> offsets = new ArrayList<>();
		int offset = SegmentFormat.HEADER_BYTES;
		while (offset + 8 <= bytes.limit()) {
			offsets.add((long) offset);
			offset += 8 + bytes.getInt(offset);
		}
		return offsets;
	}

	static void flipByte(Path file, long offset) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		bytes[(int) offset] ^= 0x5A;
		Files.write(file, bytes);
	}

	static void overwriteInt(Path file, long offset, int value) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		ByteBuffer.wrap(bytes).putInt((int) offset, value);
		Files.write(file, bytes);
	}

	/** A callback that remembers its outcome and checks it is told once. */
	static final class Outcome implements AppendCallback {

		private final CountDownLatch done = new CountDownLatch(1);

		final AtomicInteger calls = new AtomicInteger();

		volatile long position = -1;

		volatile @Nullable JournalRefusal refusal;

		volatile @Nullable String thread;

		@Override
		public void journaled(long position) {
			this.position = position;
			told();
		}

		@Override
		public void refused(JournalRefusal refusal) {
			this.refusal = refusal;
			told();
		}

		private void told() {
			this.thread = Thread.currentThread().getName();
			this.calls.incrementAndGet();
			this.done.countDown();
		}

		Outcome await() {
			try {
				assertThat(this.done.await(10, TimeUnit.SECONDS)).as("callback called").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return this;
		}

		boolean isDone() {
			return this.done.getCount() == 0;
		}

	}

}
