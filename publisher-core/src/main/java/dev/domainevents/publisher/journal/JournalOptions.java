/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How to open a {@link Journal}.
 *
 * @param directory the journal's directory; created if missing; one journal (one application instance) per directory
 * @param maxBytes the most bytes its segments may take on disk; appends beyond it are refused as
 * {@link JournalRefusal.Kind#FULL}
 * @param segmentBytes the size at which a segment is closed and a new one started
 * @param groupCommitWindow how long the writer gathers appends before one {@code force} covers them all
 * @param channels opens the journal's files; tests give one whose {@code force} fails
 * @since 0.1.0
 */
public record JournalOptions(Path directory, long maxBytes, long segmentBytes, Duration groupCommitWindow,
		ChannelOpener channels) {

	/** The default bound on disk: 1 GiB. */
	public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

	/** The default group-commit window: 1 ms. */
	public static final Duration DEFAULT_GROUP_COMMIT_WINDOW = Duration.ofMillis(1);

	/**
	 * Options with the defaults for a directory and a bound: segments of an eighth of the bound (at most 64 MiB, at
	 * least 64 KiB), a group-commit window of 1 ms, files opened with {@link FileChannel#open}.
	 */
	public static JournalOptions of(Path directory, long maxBytes) {
		long segmentBytes = Math.max(64 * 1024, Math.min(64L * 1024 * 1024, maxBytes / 8));
		return new JournalOptions(directory, maxBytes, segmentBytes, DEFAULT_GROUP_COMMIT_WINDOW, FileChannel::open);
	}

	/** The same options with another way to open files. */
	public JournalOptions withChannels(ChannelOpener channels) {
		return new JournalOptions(this.directory, this.maxBytes, this.segmentBytes, this.groupCommitWindow, channels);
	}

	/** Opens a file channel, as {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}. */
	@FunctionalInterface
	public interface ChannelOpener {

		FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

	}

}
