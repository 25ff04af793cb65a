/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.domainevents.publisher.test.JavaCommand;
import dev.domainevents.sample.SampleApplication;

/**
 * The sample application ({@link SampleApplication}, with a {@link ParentWatchdog}) in a child JVM on this JVM's class
 * path, its output in a log file. Killed with {@link #kill()} ({@code SIGKILL}: no shutdown hook runs, nothing is drained or closed); it halts
 * by itself when this JVM dies. The approach of publisher-core's {@code PublisherProcess}.
 */
final class InboxProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private InboxProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the child.
	 * @param workDirectory where its argument file and log go
	 * @param name a name for the log file, unique in the directory
	 * @param arguments the application's arguments ({@code --name=value})
	 */
	static InboxProcess start(Path workDirectory, String name, List<String> arguments) throws IOException {
		List<String> applicationArguments = new ArrayList<>();
		applicationArguments.add("--context.initializer.classes=" + ParentWatchdog.class.getName());
		applicationArguments.addAll(arguments);
		List<String> command = JavaCommand.write(workDirectory.resolve(name + ".args"),
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), SampleApplication.class.getName(),
				applicationArguments);
		Path log = workDirectory.resolve(name + ".log");
		// Standard input stays a pipe from this JVM: the child halts when it closes.
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new InboxProcess(process, log);
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Kills the child with {@code SIGKILL} and waits until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The child " + pid() + " survived SIGKILL");
		}
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
