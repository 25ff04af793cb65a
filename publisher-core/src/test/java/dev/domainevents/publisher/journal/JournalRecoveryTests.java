/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.domainevents.publisher.journal.JournalTesting.appendAll;
import static dev.domainevents.publisher.journal.JournalTesting.entry;
import static dev.domainevents.publisher.journal.JournalTesting.options;
import static dev.domainevents.publisher.journal.JournalTesting.readAll;
import static dev.domainevents.publisher.journal.JournalTesting.recordOffsets;
import static dev.domainevents.publisher.journal.JournalTesting.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Opening a journal after a crash or damage: torn tails, corrupt records, foreign formats, the lock. */
class JournalRecoveryTests {

	@TempDir
	Path directory;

	@Test
	void aRecordTornHalfwayAtTheEndIsCutOffAndItsPositionIsReused() throws IOException {
		writeEntries(options(this.directory), 10);
		Path segment = segments(this.directory).get(0);
		long lastRecord = recordOffsets(segment).get(9);
		long tornAt = lastRecord + (Files.size(segment) - lastRecord) / 2;
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
			channel.truncate(tornAt);
		}
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(Files.size(segment)).isEqualTo(lastRecord);
			assertThat(readAll(journal)).extracting(JournaledRecord::position)
				.containsExactlyElementsOf(LongStream.range(0, 9).boxed().toList());
			assertThat(journal.problem()).isNull();
			assertThat(journal.stats().quarantined()).isZero();
			assertThat(appendAll(journal, 9, 1)).containsExactly(9L);
		}
	}

	@Test
	void garbageAfterTheLastRecordIsCutOff() throws IOException {
		writeEntries(options(this.directory), 10);
		Path segment = segments(this.directory).get(0);
		long size = Files.size(segment);
		byte[] garbage = new byte[300];
		Arrays.fill(garbage, (byte) 0x7F);
		Files.write(segment, garbage, StandardOpenOption.APPEND);
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(Files.size(segment)).isEqualTo(size);
			assertThat(readAll(journal)).hasSize(10);
			assertThat(journal.problem()).isNull();
		}
	}

	@Test
	void aCorruptRecordInTheMiddleIsQuarantinedAndTheRecordsAfterItAreRead() throws IOException {
		writeEntries(options(this.directory), 10);
		Path segment = segments(this.directory).get(0);
		List<Long> offsets = recordOffsets(segment);
		long corruptAt = offsets.get(4);
		byte[] original = Arrays.copyOfRange(Files.readAllBytes(segment), (int) corruptAt, offsets.get(5).intValue());
		JournalTesting.flipByte(segment, corruptAt + 8 + 20);
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(readAll(journal)).extracting(JournaledRecord::position).containsExactly(0L, 1L, 2L, 3L, 5L, 6L,
					7L, 8L, 9L);
			assertThat(journal.stats().quarantined()).isEqualTo(1);
			assertThat(journal.stats().heldEvents()).isEqualTo(9);
			assertThat(journal.problem()).contains(segment.toString()).contains("offset " + corruptAt)
				.contains("quarantined");
			Path copy = this.directory.resolve("quarantine").resolve(segment.getFileName() + "-at-" + corruptAt
					+ ".corrupt");
			byte[] quarantined = Files.readAllBytes(copy);
			assertThat(quarantined).hasSameSizeAs(original);
			assertThat(Arrays.mismatch(quarantined, original)).isEqualTo(8 + 20);
			// The quarantined position will never be acknowledged: it must not hold the low-water mark back.
			for (long position = 0; position < 10; position++) {
				journal.acknowledge(position);
			}
			assertThat(journal.firstUnacknowledged()).isEqualTo(10);
			assertThat(appendAll(journal, 10, 1)).containsExactly(10L);
		}
	}

	@Test
	void aCorruptRecordInASegmentThatIsNotTheLastIsQuarantined() throws IOException {
		JournalOptions options = JournalTesting.smallSegments(this.directory, 1024 * 1024);
		writeEntries(options, 30);
		List<Path> segments = segments(this.directory);
		assertThat(segments).hasSizeGreaterThan(2);
		Path first = segments.get(0);
		List<Long> offsets = recordOffsets(first);
		long lastOfFirst = offsets.get(offsets.size() - 1);
		JournalTesting.flipByte(first, lastOfFirst + 8 + 3);
		try (Journal journal = Journal.open(options)) {
			List<JournaledRecord> records = readAll(journal);
			assertThat(records).hasSize(29);
			assertThat(records).extracting(JournaledRecord::position).doesNotContain((long) offsets.size() - 1);
			assertThat(records.get(records.size() - 1).position()).isEqualTo(29);
			assertThat(journal.problem()).contains(first.toString()).contains("offset " + lastOfFirst);
			assertThat(journal.stats().quarantined()).isEqualTo(1);
		}
	}

	@Test
	void anUnusableLengthIsQuarantinedUpToTheNextValidRecordFoundByScanning() throws IOException {
		JournalOptions options = JournalTesting.smallSegments(this.directory, 1024 * 1024);
		writeEntries(options, 30);
		Path first = segments(this.directory).get(0);
		List<Long> offsets = recordOffsets(first);
		JournalTesting.overwriteInt(first, offsets.get(1), Integer.MAX_VALUE);
		try (Journal journal = Journal.open(options)) {
			assertThat(readAll(journal)).extracting(JournaledRecord::position).hasSize(29).doesNotContain(1L);
			assertThat(journal.stats().quarantined()).isEqualTo(1);
			Path copy = this.directory.resolve("quarantine").resolve(first.getFileName() + "-at-" + offsets.get(1)
					+ ".corrupt");
			assertThat(Files.size(copy)).isEqualTo(offsets.get(2) - offsets.get(1));
		}
	}

	@Test
	void aSegmentOfANewerFormatIsRefusedWithAClearMessage() throws IOException {
		writeEntries(options(this.directory), 3);
		Path segment = segments(this.directory).get(0);
		JournalTesting.overwriteInt(segment, 4, 2);
		assertThatExceptionOfType(JournalException.class).isThrownBy(() -> Journal.open(options(this.directory)))
			.withMessageContaining(segment.toString())
			.withMessageContaining("written by a newer version (format 2); this version reads format 1");
		// Refusing released the lock: once the file is set right, the journal opens.
		JournalTesting.overwriteInt(segment, 4, 1);
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(readAll(journal)).hasSize(3);
		}
	}

	@Test
	void aFileWithAnotherMagicIsRefused() throws IOException {
		writeEntries(options(this.directory), 3);
		Path segment = segments(this.directory).get(0);
		JournalTesting.overwriteInt(segment, 0, 0xCAFEBABE);
		assertThatExceptionOfType(JournalException.class).isThrownBy(() -> Journal.open(options(this.directory)))
			.withMessageContaining(segment + " is not a journal segment");
	}

	@Test
	void aSecondOpenOfTheDirectoryFailsUntilTheFirstIsClosed() {
		Journal first = Journal.open(options(this.directory));
		try {
			assertThatExceptionOfType(JournalException.class).isThrownBy(() -> Journal.open(options(this.directory)))
				.withMessage("The journal directory " + this.directory + " is in use by another publisher (lock held on "
						+ this.directory.resolve("journal.lock")
						+ "); each application instance needs its own directory");
		}
		finally {
			first.close();
		}
		try (Journal second = Journal.open(options(this.directory))) {
			assertThat(appendAll(second, 0, 1)).containsExactly(0L);
		}
	}

	@Test
	void keysHeldAtOpenCountTheUnacknowledgedEntriesWithAKey() {
		try (Journal journal = Journal.open(options(this.directory))) {
			append(journal, entry("orders", "a", 0));
			append(journal, entry("orders", "a", 1));
			append(journal, entry("orders", "b", 2));
			append(journal, entry("payments", "a", 3));
			append(journal, entry("orders", null, 4));
			append(journal, entry("orders", "a", 5));
			journal.acknowledge(0);
		}
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(journal.keysHeldAtOpen()).containsOnly(entryOf("orders\0a", 2), entryOf("orders\0b", 1),
					entryOf("payments\0a", 1));
			assertThat(journal.stats().heldEvents()).isEqualTo(5);
			assertThat(journal.firstUnacknowledged()).isEqualTo(1);
		}
	}

	@Test
	void moreThanTheLimitOfDistinctKeysFencesAllKeys() throws Exception {
		int count = JournalRecovery.MAX_HELD_KEYS + 1;
		try (Journal journal = Journal.open(options(this.directory))) {
			JournalTesting.Outcome last = null;
			for (int i = 0; i < count; i++) {
				last = new JournalTesting.Outcome();
				journal.append(new JournalEntry("t", ("k" + i).getBytes(), new byte[0], List.of(), i, "", ""), last);
			}
			last.await();
		}
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(journal.keysHeldAtOpen()).containsOnly(entryOf("*", 1));
			assertThat(journal.stats().heldEvents()).isEqualTo(count);
		}
	}

	@Test
	void aDamagedCheckpointFallsBackToReplayingEverythingOnDisk() throws IOException {
		try (Journal journal = Journal.open(options(this.directory))) {
			appendAll(journal, 0, 5);
			journal.acknowledge(0);
			journal.acknowledge(1);
		}
		Path checkpoint = this.directory.resolve("checkpoint");
		assertThat(checkpoint).exists();
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(journal.firstUnacknowledged()).isEqualTo(2);
		}
		JournalTesting.flipByte(checkpoint, 10);
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(journal.firstUnacknowledged()).isZero();
			assertThat(readAll(journal)).hasSize(5);
		}
	}

	@Test
	void leftoverTemporaryFilesOfACrashAreRemoved() throws IOException {
		writeEntries(options(this.directory), 2);
		Files.write(this.directory.resolve("checkpoint.tmp"), new byte[] { 1, 2 });
		Files.write(this.directory.resolve(SegmentFormat.fileName(2) + ".tmp"), new byte[] { 1 });
		try (Journal journal = Journal.open(options(this.directory))) {
			assertThat(readAll(journal)).hasSize(2);
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).noneMatch((file) -> file.toString().endsWith(".tmp"));
		}
	}

	private static java.util.Map.Entry<String, Integer> entryOf(String key, int count) {
		return java.util.Map.entry(key, count);
	}

	private static void append(Journal journal, JournalEntry entry) {
		assertThat(JournalTesting.appendAndWait(journal, entry).refusal).isNull();
	}

	private static void writeEntries(JournalOptions options, int count) {
		try (Journal journal = Journal.open(options)) {
			appendAll(journal, 0, count);
		}
	}

}
