/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.domainevents.publisher.test.JavaCommand;

import static org.awaitility.Awaitility.await;

/**
 * A {@link JournalingPublisherMain} in a child JVM on this JVM's class path, its output in a log file that the test
 * reads for the lines the child prints. Killed with {@link #kill()} ({@code SIGKILL}: no shutdown hook runs, the
 * journal is not closed); it halts by itself when this JVM dies.
 */
final class PublisherProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final long startedNanos = System.nanoTime();

	private PublisherProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the child.
	 * @param workDirectory where its argument file and log go
	 * @param name a name for the log file, unique in the directory
	 * @param arguments its {@code name=value} arguments
	 */
	static PublisherProcess start(Path workDirectory, String name, List<String> arguments) throws IOException {
		List<String> command = JavaCommand.write(workDirectory.resolve(name + ".args"),
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
				JournalingPublisherMain.class.getName(), arguments);
		Path log = workDirectory.resolve(name + ".log");
		// Standard input stays a pipe from this JVM: the child halts when it closes.
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new PublisherProcess(process, log);
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	/** How long since the child was started. */
	Duration age() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	List<String> lines() {
		try {
			return Files.readAllLines(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Optional<String> lastLineStartingWith(String prefix) {
		List<String> lines = lines();
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).startsWith(prefix)) {
				return Optional.of(lines.get(i));
			}
		}
		return Optional.empty();
	}

	/** Waits until the child printed a line with this prefix, and returns it; fails early if the child died. */
	String awaitLine(String prefix, Duration timeout) {
		return awaitLine(prefix, (line) -> true, timeout);
	}

	String awaitLine(String prefix, Predicate<String> condition, Duration timeout) {
		String[] found = new String[1];
		await("a line '" + prefix + "...' from " + this.log).atMost(timeout)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				for (String line : lines()) {
					if (line.startsWith(prefix) && condition.test(line)) {
						found[0] = line;
						return true;
					}
				}
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The child exited with " + this.process.exitValue()
							+ " before printing '" + prefix + "':\n" + tail());
				}
				return false;
			});
		return found[0];
	}

	/** Kills the child with {@code SIGKILL} and waits until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The child " + pid() + " survived SIGKILL");
		}
	}

	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("The child did not exit within " + timeout + ":\n" + tail());
		}
		return this.process.exitValue();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String tail() {
		List<String> lines = lines();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
