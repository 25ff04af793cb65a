/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a journal's counters.
 *
 * @param heldEvents entries on disk not yet acknowledged
 * @param heldBytes bytes of the journal's segments on disk
 * @param appended entries appended since the journal was opened
 * @param deadLettered entries moved to the dead-letter file since the journal was opened
 * @param quarantined corrupt records found and set aside when the journal was opened
 * @param forces {@code force} calls made since the journal was opened (one per group commit)
 * @param forceNanosTotal the time those calls took, in total
 * @param forceNanosMax the longest of them
 * @param oldestHeldMillis the timestamp of the oldest entry not yet acknowledged, or {@code null} when none is held
 * @since 0.1.0
 */
public record JournalStats(long heldEvents, long heldBytes, long appended, long deadLettered, long quarantined,
		long forces, long forceNanosTotal, long forceNanosMax, @Nullable Long oldestHeldMillis) {
}
