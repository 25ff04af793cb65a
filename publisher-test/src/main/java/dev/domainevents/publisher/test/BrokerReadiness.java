/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;

/**
 * Waits for a starting {@link ProcessKafkaBroker} to serve, and when it does not, fails with the end of its log.
 * <p>
 * A started JVM is not a serving broker: formatting, the controller's election and the broker's registration take
 * seconds. The broker is ready when it answers {@code DescribeCluster} with itself in the cluster, the first request a
 * client's bootstrap makes too.
 */
final class BrokerReadiness {

	private static final int LOG_TAIL_BYTES = 8 * 1024;

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private final String bootstrapServers;

	private final Map<String, String> clientProperties;

	private final Duration startupTimeout;

	private final Path dataDirectory;

	private final Path logFile;

	BrokerReadiness(String bootstrapServers, Map<String, String> clientProperties, Duration startupTimeout,
			Path dataDirectory, Path logFile) {
		this.bootstrapServers = bootstrapServers;
		this.clientProperties = clientProperties;
		this.startupTimeout = startupTimeout;
		this.dataDirectory = dataDirectory;
		this.logFile = logFile;
	}

	/**
	 * Waits until the broker answers, killing the child if it does not within the startup timeout.
	 * @param child the broker's JVM, just started
	 * @param startedNanos when it was started, per {@link System#nanoTime()}
	 * @throws IllegalStateException if the child exits, is not ready in time, or the wait is interrupted
	 */
	void await(Process child, long startedNanos) {
		long deadline = startedNanos + this.startupTimeout.toNanos();
		@Nullable Throwable lastFailure = awaitListener(child, deadline);
		try (Admin admin = BrokerClients.admin(this.bootstrapServers, this.clientProperties, Duration.ofSeconds(2))) {
			while (true) {
				if (!child.isAlive()) {
					throw startupFailure("The broker's JVM exited with status " + child.exitValue() + " while starting",
							lastFailure);
				}
				try {
					Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000))
						.nodes()
						.get();
					if (!nodes.isEmpty()) {
						return;
					}
				}
				catch (ExecutionException ex) {
					// Not serving yet: connection refused, or the request timed out.
					lastFailure = ex.getCause();
				}
				if (System.nanoTime() - deadline > 0) {
					BrokerProcess.destroyAndWait(child);
					throw startupFailure("The broker was not ready within " + this.startupTimeout, lastFailure);
				}
				LockSupport.parkNanos(POLL_INTERVAL.toNanos());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			BrokerProcess.destroyAndWait(child);
			throw new IllegalStateException("Interrupted while waiting for the broker to start", ex);
		}
	}

	/**
	 * Waits until the broker's port accepts connections, before an admin client tries it: the client logs a warning
	 * for every refused connection, which would fill the log of a user's test or test application during startup.
	 * The deadline is checked by {@link #await}, which then fails with the last refusal.
	 */
	private @Nullable Throwable awaitListener(Process child, long deadline) {
		String first = this.bootstrapServers.split(",")[0].trim();
		int colon = first.lastIndexOf(':');
		InetSocketAddress address = new InetSocketAddress(first.substring(0, colon),
				Integer.parseInt(first.substring(colon + 1)));
		@Nullable IOException lastRefusal = null;
		while (child.isAlive() && System.nanoTime() - deadline < 0) {
			try (Socket socket = new Socket()) {
				socket.connect(address, 500);
				return null;
			}
			catch (IOException ex) {
				lastRefusal = ex;
				LockSupport.parkNanos(POLL_INTERVAL.toNanos());
			}
		}
		return lastRefusal;
	}

	private IllegalStateException startupFailure(String message, @Nullable Throwable cause) {
		return new IllegalStateException(message + " (" + this.bootstrapServers + ", data in " + this.dataDirectory
				+ "). Last lines of " + this.logFile + ":\n" + logTail(), cause);
	}

	/**
	 * Returns the end of the broker's log file, the child's standard output and error.
	 * @return up to the last 8 KiB of the log
	 */
	String logTail() {
		try (RandomAccessFile file = new RandomAccessFile(this.logFile.toFile(), "r")) {
			long length = file.length();
			int size = (int) Math.min(length, LOG_TAIL_BYTES);
			byte[] bytes = new byte[size];
			file.seek(length - size);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(could not read the log: " + ex + ")";
		}
	}

}
