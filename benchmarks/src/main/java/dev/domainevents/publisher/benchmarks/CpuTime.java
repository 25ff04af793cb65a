/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the broker's, so that a throughput run can say what each event cost the
 * machine: on a machine whose cores the broker shares, a client that spends more CPU per event leaves the broker less.
 */
final class CpuTime {

	// USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux the JDK supports.
	private static final long NANOS_PER_TICK = 10_000_000L;

	private CpuTime() {
	}

	/** This JVM's CPU time, all threads, in nanoseconds; -1 if the JVM does not say. */
	static long ofThisProcess() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/** Another process's CPU time, user and system, in nanoseconds; -1 where there is no {@code /proc}. */
	static long ofProcess(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name, in parentheses, may hold spaces: count the fields after its closing parenthesis.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
