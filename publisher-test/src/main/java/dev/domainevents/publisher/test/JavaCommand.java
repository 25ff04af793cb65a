/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a main class on this JVM's expanded class path (or one given): for the
 * broker, and for tests that run an application in a JVM of its own, to kill it with {@code SIGKILL} or to give it a
 * class path of its own.
 * <p>
 * The JVM options and the class path go into a {@code java @argfile}: a class path of a Spring Boot test easily has a
 * hundred jars, and a single command-line argument is limited to 128 KiB on Linux. The main class and its arguments
 * stay on the command line, so that {@code ps} and {@code pgrep -f BrokerMain} show what runs.
 *
 * @since 0.1.0
 */
public final class JavaCommand {

	private JavaCommand() {
	}

	/**
	 * Writes the argument file and returns the command that uses it.
	 * @param argumentFile where to write the JVM's options and class path
	 * @param jvmOptions options such as {@code -Xmx512m}
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return the command, {@code java @argumentFile mainClass arguments...}
	 */
	public static List<String> write(Path argumentFile, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		return write(argumentFile, jvmOptions, ChildClasspath.current(), mainClass, arguments);
	}

	/**
	 * Writes the argument file, with the class path given, and returns the command that uses it.
	 * @param argumentFile where to write the JVM's options and class path
	 * @param jvmOptions options such as {@code -Xmx512m}
	 * @param classPath the child's class path, for example {@link ChildClasspath#current()} less some entries
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return the command, {@code java @argumentFile mainClass arguments...}
	 */
	public static List<String> write(Path argumentFile, List<String> jvmOptions, List<Path> classPath,
			String mainClass, List<String> arguments) {
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-cp");
		options.add(ChildClasspath.join(classPath));
		StringBuilder content = new StringBuilder();
		for (String option : options) {
			content.append(quote(option)).append('\n');
		}
		try {
			Files.writeString(argumentFile, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + argumentFile, ex);
		}
		List<String> command = new ArrayList<>();
		command.add(javaExecutable().toString());
		command.add("@" + argumentFile);
		command.add(mainClass);
		command.addAll(arguments);
		return List.copyOf(command);
	}

	static Path javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java");
	}

	/** Quotes for the launcher's argument-file syntax, where a backslash inside quotes escapes the next character. */
	static String quote(String argument) {
		return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
