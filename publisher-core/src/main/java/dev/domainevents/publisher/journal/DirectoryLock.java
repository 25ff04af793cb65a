/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The lock on {@code journal.lock} that makes one journal instance own a directory: two writers would interleave
 * positions and delete each other's segments. The operating system releases it when the process dies.
 */
final class DirectoryLock implements AutoCloseable {

	static final String FILE_NAME = "journal.lock";

	private final FileChannel channel;

	private final FileLock lock;

	private DirectoryLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	static DirectoryLock acquire(Path directory, JournalOptions.ChannelOpener opener) {
		Path file = directory.resolve(FILE_NAME);
		FileChannel channel;
		try {
			channel = opener.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
		}
		catch (IOException ex) {
			throw new JournalException("Cannot create the journal's lock file " + file + ": " + ex.getMessage()
					+ "; the journal directory must be writable", ex);
		}
		FileLock lock = null;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// Held by this JVM: another journal instance open on the same directory.
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new JournalException("Cannot lock the journal's lock file " + file + ": " + ex.getMessage(), ex);
		}
		if (lock == null) {
			closeQuietly(channel);
			throw new JournalException("The journal directory " + directory + " is in use by another publisher (lock held on "
					+ file + "); each application instance needs its own directory");
		}
		return new DirectoryLock(channel, lock);
	}

	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			// Closing the channel releases it too.
		}
		closeQuietly(this.channel);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing more to release.
		}
	}

}
