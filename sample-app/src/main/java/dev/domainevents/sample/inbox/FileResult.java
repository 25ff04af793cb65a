/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;

/**
 * What one pass did with one file.
 *
 * @param fileName the file's name
 * @param lines how many lines were read (blank lines are skipped and not counted)
 * @param published how many Kafka acknowledged
 * @param journaled how many the publisher's journal took, to publish them from there
 * @param retriableFailures how many failed for a reason that a later pass may not meet
 * @param failedLines the lines that failed for good, with why, in line order
 * @param streamError why the stream itself ended early (the file could not be read, the publisher closed), if it did
 * @param disposition what became of the file
 * @param started when the pass began the file
 * @param finished when the file had been deleted, moved or left
 * @since 0.1.0
 */
public record FileResult(String fileName, long lines, long published, long journaled, long retriableFailures,
		List<FailedLine> failedLines, @Nullable String streamError, Disposition disposition, Instant started,
		Instant finished) {

	/** Lines whose outcome was a success. */
	public long succeeded() {
		return this.published + this.journaled;
	}

	/**
	 * A line that cannot be published as it is.
	 *
	 * @param lineNumber the line's number in the file, from 1
	 * @param eventId the {@code ce_id} it was published with
	 * @param reason why
	 * @param message the failure's description
	 */
	public record FailedLine(long lineNumber, String eventId, FailureReason reason, String message) {

		String reportLine() {
			return "line " + this.lineNumber + " (ce_id " + this.eventId + "): " + this.reason + ": " + this.message;
		}

	}

	/** What became of a file after a pass. */
	public enum Disposition {

		/** Every line succeeded, and the file was deleted. */
		DELETED,

		/** Every line succeeded, and the file moved to {@code done/}. */
		DONE,

		/** Every other line succeeded, some failed for good: the file moved to {@code failed/} with a report. */
		FAILED,

		/** Some lines failed for a retriable reason, or the stream ended early: the file stays for the next pass. */
		KEPT

	}

}
