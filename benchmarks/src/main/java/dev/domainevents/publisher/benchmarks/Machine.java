/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the results were measured on.
 *
 * @param cpus available processors
 * @param cpuModel the CPU model from {@code /proc/cpuinfo}
 * @param memory total memory from {@code /proc/meminfo}
 * @param java the Java runtime
 * @param os the operating system
 * @param jvmOptions this JVM's heap and GC options
 * @param loadAverage the load average when the run started ({@code /proc/loadavg}, or as run.sh read it before building)
 */
record Machine(int cpus, String cpuModel, String memory, String java, String os, String jvmOptions,
		String loadAverage) {

	static Machine current() {
		String cpuModel = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
		String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal").map(Machine::gibibytes).orElse("unknown");
		String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vendor") + ")";
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
		List<String> options = ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((option) -> option.startsWith("-Xm") || option.startsWith("-XX:+Use"))
			.toList();
		// run.sh reads it before it builds, so that its own build does not count.
		String load = Optional.ofNullable(System.getProperty("benchmarks.load-average")).or(() -> read(Path.of("/proc/loadavg"))).map((text) -> {
			String[] parts = text.trim().split("\\s+");
			return (parts.length >= 3) ? parts[0] + " " + parts[1] + " " + parts[2] : text.trim();
		}).orElse("unknown");
		return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel, memory, java, os,
				String.join(" ", options), load);
	}

	/** One line for the report and the README. */
	String describe() {
		return String.format(Locale.ROOT, "%d cores, %s, %s RAM; %s; %s%s; load average at start %s", this.cpus,
				this.cpuModel, this.memory, this.os, this.java,
				this.jvmOptions.isEmpty() ? "" : ", " + this.jvmOptions, this.loadAverage);
	}

	private static String gibibytes(String memTotal) {
		String[] parts = memTotal.trim().split("\\s+");
		try {
			long kib = Long.parseLong(parts[0]);
			return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return memTotal.trim();
		}
	}

	private static Optional<String> firstValue(Path file, String key) {
		return read(file).flatMap((text) -> text.lines()
			.filter((line) -> line.startsWith(key))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst());
	}

	private static Optional<String> read(Path file) {
		try {
			return Optional.of(Files.readString(file));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
