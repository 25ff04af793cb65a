/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.domainevents.publisher.journal.JournalTesting.appendAll;
import static dev.domainevents.publisher.journal.JournalTesting.appendAndWait;
import static dev.domainevents.publisher.journal.JournalTesting.entry;
import static dev.domainevents.publisher.journal.JournalTesting.readAll;
import static dev.domainevents.publisher.journal.JournalTesting.segments;
import static dev.domainevents.publisher.journal.JournalTesting.smallSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acknowledging, the checkpoint, deleting acknowledged segments, and the bound on disk. */
class JournalCheckpointTests {

	@TempDir
	Path directory;

	@Test
	void outOfOrderAcknowledgementsMoveTheLowWaterMarkAndDeleteSegmentsBelowTheCheckpoint() throws IOException {
		JournalOptions options = smallSegments(this.directory, 1024 * 1024);
		try (Journal journal = Journal.open(options)) {
			appendAll(journal, 0, 60);
			int segmentsBefore = segments(this.directory).size();
			assertThat(segmentsBefore).isGreaterThan(3);
			List<Long> positions = new ArrayList<>();
			for (long position = 0; position < 40; position++) {
				positions.add(position);
			}
			Collections.shuffle(positions, new Random(42));
			positions.add(45L);
			for (long position : positions.subList(0, 20)) {
				journal.acknowledge(position);
			}
			assertThat(journal.firstUnacknowledged()).isLessThan(40);
			positions.subList(20, positions.size()).forEach(journal::acknowledge);
			assertThat(journal.firstUnacknowledged()).isEqualTo(40);
			assertThat(journal.stats().heldEvents()).isEqualTo(19);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(segments(this.directory)).hasSizeLessThan(segmentsBefore));
			long firstKept = SegmentFormat.firstPositionOf(segments(this.directory).get(0));
			assertThat(firstKept).isGreaterThan(0).isLessThanOrEqualTo(40);
			assertThat(readAll(journal).get(0).position()).isEqualTo(40);
		}
		try (Journal journal = Journal.open(options)) {
			// Acknowledgements above the checkpoint are not kept: 45 is read again, never lost.
			assertThat(journal.firstUnacknowledged()).isEqualTo(40);
			assertThat(readAll(journal)).extracting(JournaledRecord::position).hasSize(20).startsWith(40L).endsWith(59L);
			assertThat(appendAll(journal, 60, 1)).containsExactly(60L);
		}
	}

	@Test
	void whenEverythingIsAcknowledgedEverySegmentGoesAndPositionsContinueAfterTheCheckpoint() throws IOException {
		JournalOptions options = smallSegments(this.directory, 1024 * 1024);
		try (Journal journal = Journal.open(options)) {
			appendAll(journal, 0, 20);
			for (long position = 0; position < 20; position++) {
				journal.acknowledge(position);
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(segments(this.directory)).isEmpty());
			assertThat(journal.stats().heldBytes()).isZero();
			assertThat(journal.stats().heldEvents()).isZero();
			assertThat(journal.stats().oldestHeldMillis()).isNull();
		}
		try (Journal journal = Journal.open(options)) {
			assertThat(journal.firstUnacknowledged()).isEqualTo(20);
			assertThat(readAll(journal)).isEmpty();
			assertThat(appendAll(journal, 20, 1)).containsExactly(20L);
		}
	}

	@Test
	void segmentsLeftBehindByACrashAfterTheCheckpointAreDeletedAtOpen() throws IOException {
		JournalOptions options = smallSegments(this.directory, 1024 * 1024);
		try (Journal journal = Journal.open(options)) {
			appendAll(journal, 0, 20);
		}
		int segmentsBefore = segments(this.directory).size();
		// As if the journal crashed right after the checkpoint that acknowledged everything.
		new Checkpoint(this.directory, java.nio.channels.FileChannel::open).write(20);
		try (Journal journal = Journal.open(options)) {
			assertThat(readAll(journal)).isEmpty();
			assertThat(journal.stats().heldEvents()).isZero();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(segments(this.directory)).isEmpty());
			assertThat(segmentsBefore).isGreaterThan(1);
			assertThat(appendAll(journal, 20, 1)).containsExactly(20L);
		}
	}

	@Test
	void aFullJournalRefusesAtOnceAndTakesEntriesAgainOnceAcknowledgedSegmentsAreDeleted() {
		JournalOptions options = smallSegments(this.directory, 4096);
		try (Journal journal = Journal.open(options)) {
			List<Long> journaled = new ArrayList<>();
			JournalTesting.Outcome refused = null;
			for (int i = 0; i < 100 && refused == null; i++) {
				JournalTesting.Outcome outcome = appendAndWait(journal, entry(i));
				if (outcome.refusal != null) {
					refused = outcome;
				}
				else {
					journaled.add(outcome.position);
				}
			}
			assertThat(refused).isNotNull();
			assertThat(refused.refusal.kind()).isEqualTo(JournalRefusal.Kind.FULL);
			assertThat(refused.thread).isEqualTo(Thread.currentThread().getName());
			assertThat(journal.stats().heldBytes()).isLessThanOrEqualTo(4096);
			journaled.forEach(journal::acknowledge);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(journal.stats().heldBytes()).isLessThan(2048));
			JournalTesting.Outcome again = appendAndWait(journal, entry(1000));
			assertThat(again.refusal).isNull();
			assertThat(again.position).isEqualTo(journaled.size());
		}
	}

	@Test
	void acknowledgedPositionsKeepContiguousRunsMerged() {
		AcknowledgedPositions acknowledged = new AcknowledgedPositions(10);
		assertThat(acknowledged.acknowledge(5)).isFalse();
		assertThat(acknowledged.acknowledge(12)).isTrue();
		assertThat(acknowledged.acknowledge(14)).isTrue();
		assertThat(acknowledged.acknowledge(13)).isTrue();
		assertThat(acknowledged.acknowledge(13)).isFalse();
		assertThat(acknowledged.runs()).isEqualTo(1);
		assertThat(acknowledged.isAcknowledged(11)).isFalse();
		assertThat(acknowledged.isAcknowledged(14)).isTrue();
		assertThat(acknowledged.isAcknowledged(15)).isFalse();
		assertThat(acknowledged.acknowledge(10)).isTrue();
		assertThat(acknowledged.lowWater()).isEqualTo(11);
		assertThat(acknowledged.acknowledge(11)).isTrue();
		assertThat(acknowledged.lowWater()).isEqualTo(15);
		assertThat(acknowledged.runs()).isZero();
		acknowledged.acknowledgeRange(20, 30);
		acknowledged.acknowledgeRange(16, 20);
		assertThat(acknowledged.runs()).isEqualTo(1);
		acknowledged.acknowledge(15);
		assertThat(acknowledged.lowWater()).isEqualTo(30);
		assertThat(acknowledged.runs()).isZero();
	}

}
