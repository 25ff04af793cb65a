/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The main class of the child JVM that {@link ProcessKafkaBroker} starts: formats the storage on first start, then
 * runs {@code kafka.Kafka}.
 * <p>
 * Arguments: the parent's pid, the cluster id, the broker's properties file and the data directory.
 * <p>
 * A watchdog halts this JVM when the JVM that started it is gone, so that a test run killed with {@code kill -9}
 * leaves no broker behind to eat the machine's cores. It notices in two ways: the parent holds this process's
 * standard input open and never writes to it, so the operating system delivers end-of-file when the parent dies for
 * whatever reason; and, in case something else holds the pipe open, it polls whether the parent process still lives.
 */
final class BrokerMain {

	/** The exit status of a broker that halted because its parent JVM was gone. */
	static final int ORPHANED_EXIT_STATUS = 97;

	private static final long PARENT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private BrokerMain() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 4) {
			System.err.println("Usage: BrokerMain <parent pid> <cluster id> <server.properties> <data directory>");
			System.exit(2);
		}
		long parentPid = Long.parseLong(args[0]);
		String clusterId = args[1];
		Path propertiesFile = Path.of(args[2]);
		Path dataDirectory = Path.of(args[3]);
		startWatchdog(parentPid, dataDirectory);
		formatIfNeeded(clusterId, propertiesFile);
		kafka.Kafka.main(new String[] { propertiesFile.toString() });
	}

	private static void startWatchdog(long parentPid, Path dataDirectory) {
		Thread stdin = new Thread(() -> {
			awaitEndOfInput(System.in);
			orphaned("its standard input was closed", dataDirectory);
		}, "parent-stdin-watchdog");
		stdin.setDaemon(true);
		stdin.start();
		// Taken now, while the parent certainly lives: when it dies, this process is re-parented (to init or a
		// subreaper), so a different parent pid means the same as a dead parent.
		long initialParent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
		Thread poll = new Thread(() -> {
			while (true) {
				LockSupport.parkNanos(PARENT_POLL_NANOS);
				long currentParent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
				boolean parentAlive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
				if (!parentAlive || currentParent != initialParent) {
					orphaned("process " + parentPid + " is gone", dataDirectory);
				}
			}
		}, "parent-pid-watchdog");
		poll.setDaemon(true);
		poll.start();
	}

	private static void awaitEndOfInput(InputStream in) {
		byte[] buffer = new byte[256];
		try {
			while (in.read(buffer) != -1) {
				// The parent never writes; whatever arrives is ignored.
			}
		}
		catch (IOException ex) {
			// A broken pipe means the parent is gone as much as end-of-file does.
		}
	}

	private static void orphaned(String reason, Path dataDirectory) {
		System.err.println("BrokerMain: the parent JVM is gone (" + reason + "); deleting " + dataDirectory
				+ " and halting the broker");
		System.err.flush();
		// Nobody is left to delete the data or to restart this broker from it.
		deleteRecursively(dataDirectory);
		// halt, not exit: the broker's shutdown hooks could wait for a controller or disk for a long time.
		Runtime.getRuntime().halt(ORPHANED_EXIT_STATUS);
	}

	/**
	 * Formats the storage unless a previous start did: a restart must keep the data and the cluster id.
	 * {@code StorageTool.execute} rather than {@code main}, because {@code main} ends the JVM through
	 * {@code Exit.exit}.
	 */
	private static void formatIfNeeded(String clusterId, Path propertiesFile) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.ISO_8859_1)) {
			properties.load(reader);
		}
		String logDirectories = properties.getProperty("log.dirs", "");
		Path metadataDirectory = Path.of(properties.getProperty("metadata.log.dir", logDirectories.split(",")[0].trim()));
		if (Files.exists(metadataDirectory.resolve("meta.properties"))) {
			return;
		}
		PrintStream out = System.out;
		try {
			int status = kafka.tools.StorageTool.execute(new String[] { "format", "--cluster-id", clusterId, "--config",
					propertiesFile.toString(), "--ignore-formatted" }, out);
			if (status != 0) {
				System.err.println("BrokerMain: formatting the storage failed with status " + status);
				System.exit(status);
			}
		}
		catch (Exception ex) {
			System.err.println("BrokerMain: formatting the storage failed");
			ex.printStackTrace();
			System.exit(1);
		}
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// Best effort: a file that a running broker is still writing may come back; the rest goes.
				}
			});
		}
		catch (IOException ex) {
			// Best effort, as above.
		}
	}

}
