/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** File operations that must survive a crash: every file is opened through the journal's {@code ChannelOpener}. */
final class JournalFiles {

	private JournalFiles() {
	}

	/**
	 * Makes a file appear whole or not at all: writes it under a temporary name, forces it, renames it atomically,
	 * and forces the directory so that the rename itself survives a crash.
	 */
	static void writeAtomically(JournalOptions.ChannelOpener opener, Path target, ByteBuffer content)
			throws IOException {
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		try (FileChannel channel = opener.open(temporary,
				Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
			writeFully(channel, content.duplicate(), 0);
			channel.force(true);
		}
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		forceDirectory(opener, target.getParent());
	}

	/** Forces a directory's entries (created, renamed and deleted files) where the platform allows it. */
	static void forceDirectory(JournalOptions.ChannelOpener opener, Path directory) {
		try (FileChannel channel = opener.open(directory, Set.of(StandardOpenOption.READ))) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Some platforms (Windows) cannot open or force a directory; their file systems order the rename.
		}
	}

	static void writeFully(FileChannel channel, ByteBuffer bytes, long offset) throws IOException {
		long at = offset;
		while (bytes.hasRemaining()) {
			at += channel.write(bytes, at);
		}
	}

}
