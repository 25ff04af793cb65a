/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The child JVM of a {@link ProcessKafkaBroker}: its command line, starting it, and the signals a test sends it
 * ({@code SIGSTOP}, {@code SIGCONT}, {@code SIGTERM}, {@code SIGKILL}).
 * <p>
 * The methods that change the process are synchronized, so a test may call them from any thread; {@link #isRunning()},
 * {@link #pid()} and {@link #killNow()} take no lock.
 */
final class BrokerProcess {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	/** Under the broker's name: the logger a user of the test support knows to look at. */
	private static final System.Logger logger = System.getLogger(ProcessKafkaBroker.class.getName());

	private final List<String> command;

	private final Path workingDirectory;

	private final Path logFile;

	private volatile @Nullable Process current;

	private boolean paused;

	private BrokerProcess(List<String> command, Path workingDirectory, Path logFile) {
		this.command = List.copyOf(command);
		this.workingDirectory = workingDirectory;
		this.logFile = logFile;
	}

	/**
	 * Writes the child's argument file and returns the process, not started yet.
	 * @param dataDirectory the broker's directory: the working directory, and where the argument file goes
	 * @param logFile where the child's standard output and error go, appended across restarts
	 * @param jvmOptions the child JVM's options
	 * @param clusterId the KRaft cluster id, the same at every start
	 * @param propertiesFile the broker's {@code server.properties}
	 * @param ownSession whether the child runs in a session of its own, out of reach of a terminal's Ctrl-C
	 * @return the process
	 * @throws IOException if the argument file cannot be written
	 */
	static BrokerProcess prepare(Path dataDirectory, Path logFile, List<String> jvmOptions, String clusterId,
			Path propertiesFile, boolean ownSession) throws IOException {
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-Dslf4j.provider=" + BrokerLogProvider.class.getName());
		List<String> command = JavaCommand.write(dataDirectory.resolve("java.args"), options,
				BrokerMain.class.getName(), List.of(Long.toString(ProcessHandle.current().pid()), clusterId,
						propertiesFile.toString(), dataDirectory.toString()));
		if (ownSession && Files.isExecutable(SETSID)) {
			// Its own session: a Ctrl-C in the terminal reaches the application, which drains, and not the broker.
			command = new ArrayList<>(command);
			command.add(0, SETSID.toString());
		}
		return new BrokerProcess(command, dataDirectory, logFile);
	}

	/**
	 * Starts a new child JVM; it is not ready to serve yet.
	 * @return the child
	 * @throws UncheckedIOException if it cannot be started
	 */
	synchronized Process start() {
		Process child;
		try {
			// Standard input stays a pipe that this JVM never writes to nor closes while the child lives: when this
			// JVM dies, the child reads end-of-file and halts (see BrokerMain).
			child = new ProcessBuilder(this.command).directory(this.workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the broker's JVM", ex);
		}
		this.current = child;
		this.paused = false;
		return child;
	}

	/** Suspends the child with {@code SIGSTOP} unless it is paused already. */
	synchronized void pause() {
		Process child = requireAlive("pause");
		if (!this.paused) {
			signal("STOP", child.pid());
			this.paused = true;
		}
	}

	/** Resumes the child with {@code SIGCONT} if it is paused. */
	synchronized void resume() {
		Process child = this.current;
		if (this.paused && child != null && child.isAlive()) {
			signal("CONT", child.pid());
		}
		this.paused = false;
	}

	/** Kills the child with {@code SIGKILL}, paused or not, and waits until it is gone. */
	synchronized void kill() {
		killNow();
		this.paused = false;
	}

	/**
	 * Stops the child with {@code SIGTERM}, resuming it first since a stopped process cannot handle the signal, and
	 * kills it if it has not exited within 30 seconds.
	 */
	synchronized void stop() {
		Process child = this.current;
		if (child == null || !child.isAlive()) {
			return;
		}
		resume();
		// kill -TERM rather than Process.destroy(): destroy() also closes the child's stdin, which BrokerMain reads as
		// "the parent is gone" and answers by deleting the data and halting before Kafka's shutdown ran.
		signal("TERM", child.pid());
		if (!waitFor(child, STOP_TIMEOUT)) {
			logger.log(System.Logger.Level.WARNING, "Kafka broker (pid {0}) did not stop within {1}; killing it",
					Long.toString(child.pid()), STOP_TIMEOUT);
			destroyAndWait(child);
		}
		closeStreams(child);
	}

	/** Kills the child without taking the lock: the shutdown hook must not wait for a thread that is starting it. */
	void killNow() {
		Process child = this.current;
		if (child != null) {
			destroyAndWait(child);
		}
	}

	boolean isRunning() {
		Process child = this.current;
		return child != null && child.isAlive();
	}

	synchronized boolean isPaused() {
		return this.paused;
	}

	/** Returns the process id of the current (or last) child, or -1 before the first start. */
	long pid() {
		Process child = this.current;
		return (child != null) ? child.pid() : -1;
	}

	private Process requireAlive(String action) {
		Process child = this.current;
		if (child == null || !child.isAlive()) {
			throw new IllegalStateException("Cannot " + action + " the broker: it is not running");
		}
		return child;
	}

	/**
	 * Kills a child and waits until it is gone.
	 * @param child the child
	 * @throws IllegalStateException if it survives {@code SIGKILL} for 30 seconds
	 */
	static void destroyAndWait(Process child) {
		child.destroyForcibly();
		if (!waitFor(child, STOP_TIMEOUT)) {
			throw new IllegalStateException("Kafka broker (pid " + child.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
		}
		closeStreams(child);
	}

	private static boolean waitFor(Process child, Duration timeout) {
		try {
			return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !child.isAlive();
		}
	}

	/** Closes this side of the dead child's stdin pipe, so that restarts do not leak file descriptors. */
	private static void closeStreams(Process child) {
		try {
			child.getOutputStream().close();
		}
		catch (IOException ex) {
			// The child is gone; nothing depends on this.
		}
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running kill -" + signal + " " + pid, ex);
		}
	}

}
