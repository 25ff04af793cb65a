/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.domainevents.publisher.journal.JournalTesting.appendAll;
import static dev.domainevents.publisher.journal.JournalTesting.appendAndWait;
import static dev.domainevents.publisher.journal.JournalTesting.entry;
import static dev.domainevents.publisher.journal.JournalTesting.options;
import static org.assertj.core.api.Assertions.assertThat;

/** A failed {@code force} ends the journal: nothing is reported journaled after it, nothing is retried. */
class JournalFailureTests {

	@TempDir
	Path directory;

	@Test
	void aFailedForceRefusesItsGroupAndEveryLaterAppendAndIsNeverRetried() {
		AtomicBoolean failing = new AtomicBoolean();
		AtomicInteger failedForces = new AtomicInteger();
		JournalOptions options = options(this.directory).withChannels(HookedChannel.onSegments(() -> {
			if (failing.get()) {
				failedForces.incrementAndGet();
				throw new IOException("Input/output error (simulated)");
			}
		}));
		try (Journal journal = Journal.open(options)) {
			assertThat(appendAll(journal, 0, 1)).containsExactly(0L);
			assertThat(journal.problem()).isNull();
			failing.set(true);
			List<JournalTesting.Outcome> group = new ArrayList<>();
			for (int i = 1; i <= 20; i++) {
				JournalTesting.Outcome outcome = new JournalTesting.Outcome();
				journal.append(entry(i), outcome);
				group.add(outcome);
			}
			for (JournalTesting.Outcome outcome : group) {
				outcome.await();
				assertThat(outcome.position).as("never journaled").isEqualTo(-1);
				assertThat(outcome.calls).hasValue(1);
				assertThat(outcome.refusal.kind()).isEqualTo(JournalRefusal.Kind.FAILED);
				assertThat(outcome.refusal.cause()).hasMessageContaining("simulated");
			}
			JournalTesting.Outcome later = appendAndWait(journal, entry(100));
			assertThat(later.refusal.kind()).isEqualTo(JournalRefusal.Kind.FAILED);
			assertThat(later.thread).as("refused inline").isEqualTo(Thread.currentThread().getName());
			assertThat(journal.problem()).contains("could not write or force")
				.contains("nothing is journaled any more")
				.contains("simulated");
			assertThat(failedForces).hasValue(1);
			assertThat(journal.stats().appended()).isEqualTo(1);
			assertThat(JournalTesting.readAll(journal)).extracting(JournaledRecord::position).containsExactly(0L);
		}
	}

	@Test
	void closeReturnsSoonWhenTheDiskHangsAndReleasesTheDirectory() throws Exception {
		CountDownLatch forceEntered = new CountDownLatch(1);
		CountDownLatch diskHangs = new CountDownLatch(1);
		AtomicBoolean hanging = new AtomicBoolean();
		JournalOptions options = options(this.directory).withChannels(HookedChannel.onSegments(() -> {
			if (hanging.get()) {
				forceEntered.countDown();
				try {
					diskHangs.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}));
		Journal journal = Journal.open(options, 200);
		try {
			appendAll(journal, 0, 1);
			hanging.set(true);
			JournalTesting.Outcome stuck = new JournalTesting.Outcome();
			journal.append(entry(1), stuck);
			assertThat(forceEntered.await(10, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			journal.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			try (Journal reopened = Journal.open(options(this.directory))) {
				assertThat(JournalTesting.readAll(reopened)).extracting(JournaledRecord::position).contains(0L);
			}
			diskHangs.countDown();
			// The write was never forced as far as the caller knows: it is refused, once.
			assertThat(stuck.await().refusal).isNotNull();
			assertThat(stuck.position).isEqualTo(-1);
			assertThat(stuck.calls).hasValue(1);
		}
		finally {
			diskHangs.countDown();
			journal.close();
		}
	}

}
