/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journals written today stay readable: a journal of format 1, committed as binary files, is opened (a copy of it)
 * and must read back exactly. If this fails, the change breaks the journals of every running application.
 */
class FormatCompatibilityTests {

	@TempDir
	Path directory;

	@Test
	void aJournalOfFormatOneReadsBackExactly() throws Exception {
		copyFixture();
		JournalOptions options = new JournalOptions(this.directory, 1024 * 1024, FormatOneFixture.SEGMENT_BYTES,
				Duration.ofMillis(1), FileChannel::open);
		List<JournalEntry> expected = FormatOneFixture.entries();
		try (Journal journal = Journal.open(options)) {
			assertThat(journal.problem()).isNull();
			assertThat(journal.firstUnacknowledged()).isEqualTo(1);
			List<JournaledRecord> records = journal.read(0, 100);
			assertThat(records).extracting(JournaledRecord::position).containsExactly(1L, 2L, 3L, 4L);
			for (JournaledRecord record : records) {
				assertThat(record.entry()).usingRecursiveComparison()
					.isEqualTo(expected.get((int) record.position()));
			}
			assertThat(journal.keysHeldAtOpen()).containsOnly(Map.entry("topic-ü\0\0\uFFFD\u007F", 1),
					Map.entry("payments\0p-1", 1), Map.entry("orders\0order-2", 1));
			assertThat(journal.stats().heldEvents()).isEqualTo(4);
			assertThat(journal.stats().oldestHeldMillis()).isEqualTo(1_767_225_600_001L);
			assertThat(JournalTesting.appendAndWait(journal, expected.get(0)).position).isEqualTo(5);
		}
	}

	private void copyFixture() throws URISyntaxException, java.io.IOException {
		Path fixture = Path.of(FormatCompatibilityTests.class.getResource(FormatOneFixture.RESOURCE).toURI());
		try (Stream<Path> files = Files.list(fixture)) {
			for (Path file : files.toList()) {
				Files.copy(file, this.directory.resolve(file.getFileName()));
			}
		}
		assertThat(JournalTesting.segments(this.directory)).hasSizeGreaterThan(1);
	}

}
