/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A publisher's inspection with fixed answers and a journal state the test sets: for the meters, the health and the
 * endpoint of a journal, which no publisher has until the core's journal is there.
 */
public final class StubPublisherInspection implements PublisherInspection {

	/** The configuration the stub tells: the builder's defaults. */
	public static final Configuration CONFIGURATION = new Configuration(10_000, 16L * 1024 * 1024, 0.25,
			8L * 1024 * 1024, OverflowPolicy.REJECT, Duration.ofSeconds(1), Duration.ofMinutes(2),
			Duration.ofMillis(50), "/stub", Map.of());

	private volatile @Nullable JournalState journal;

	/**
	 * Creates the stub.
	 * @param journal the journal's state, {@code null} for a publisher without a journal
	 */
	public StubPublisherInspection(@Nullable JournalState journal) {
		this.journal = journal;
	}

	/**
	 * A journal state with every field set to a distinct value.
	 * @param heldBytes the bytes its files take
	 * @param maxBytes its bound
	 * @param problem what is wrong with it, or {@code null}
	 * @return the state
	 */
	public static JournalState journal(long heldBytes, long maxBytes, @Nullable String problem) {
		return new JournalState(JournalMode.ON_FAILURE, "/var/lib/shop/journal", maxBytes, 42, heldBytes,
				Duration.ofSeconds(90), 1000, 950, 7, 3, 2, 5, 400, Duration.ofMillis(12), Duration.ofMillis(800),
				Duration.ofMillis(400), problem);
	}

	public void setJournal(@Nullable JournalState journal) {
		this.journal = journal;
	}

	@Override
	public @Nullable JournalState journal() {
		return this.journal;
	}

	@Override
	public PublisherStats stats() {
		return new PublisherStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	}

	@Override
	public long failedCount(FailureReason reason, boolean possiblyWritten) {
		return 0;
	}

	@Override
	public long rejectedCount(FailureReason reason) {
		return 0;
	}

	@Override
	public Duration oldestPendingAge() {
		return Duration.ZERO;
	}

	@Override
	public List<RecentFailure> recentFailures() {
		return List.of();
	}

	// Acknowledged just now: the health indicator's probe takes that for the cluster's answer, and never asks it.
	@Override
	public @Nullable Instant lastSuccess() {
		return Instant.now();
	}

	@Override
	public @Nullable Instant lastFailure() {
		return null;
	}

	@Override
	public @Nullable FailureReason lastFailureReason() {
		return null;
	}

	@Override
	public @Nullable String threadProblem() {
		return null;
	}

	@Override
	public Configuration configuration() {
		return CONFIGURATION;
	}

}
