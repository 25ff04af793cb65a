/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * How often threads of this JVM woke up, and the CPU time they used: a snapshot per thread of the kernel's count of
 * voluntary context switches (each time the thread blocked, in a park, a wait or a poll, and so later woke up) and of
 * its CPU time. Linux only ({@code /proc/self/task}).
 * <p>
 * A Java thread is matched to its kernel task by the {@code nid} of a thread dump (this JVM's own, through the
 * DiagnosticCommand MBean): {@code /proc/self/task/<tid>/comm} holds only the first 15 characters of a name, which
 * the dispatcher and the deadline timer ({@code domain-events-d...}) share.
 */
final class ThreadActivity {

	private static final Pattern DUMP_LINE = Pattern.compile("^\"(.*)\" #(\\d+) .*\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b");

	private ThreadActivity() {
	}

	/**
	 * Takes a snapshot of the threads whose names match.
	 * @param names which threads
	 * @return each thread's counts, by name (a name that repeats gets its Java id appended)
	 */
	static Map<String, Counts> snapshot(Predicate<String> names) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, Counts> snapshot = new LinkedHashMap<>();
		for (Map.Entry<Long, Task> entry : tasks().entrySet()) {
			Task task = entry.getValue();
			if (!names.test(task.name())) {
				continue;
			}
			long[] switches = contextSwitches(task.tid());
			if (switches == null) {
				continue;
			}
			long cpu = threads.getThreadCpuTime(entry.getKey());
			String key = snapshot.containsKey(task.name()) ? task.name() + " #" + entry.getKey() : task.name();
			snapshot.put(key, new Counts(task.tid(), switches[0], switches[1], cpu));
		}
		return snapshot;
	}

	/** Java thread id to kernel task, from a thread dump of this JVM. */
	private static Map<Long, Task> tasks() {
		String dump;
		try {
			dump = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
		}
		catch (Exception ex) {
			throw new IllegalStateException("No thread dump of this JVM", ex);
		}
		Map<Long, Task> tasks = new HashMap<>();
		for (String line : dump.split("\n")) {
			Matcher matcher = DUMP_LINE.matcher(line);
			if (matcher.find()) {
				String nid = matcher.group(3);
				long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
				tasks.put(Long.parseLong(matcher.group(2)), new Task(matcher.group(1), tid));
			}
		}
		return tasks;
	}

	/** Voluntary and involuntary context switches of a task, or {@code null} if it is gone. */
	private static long[] contextSwitches(long tid) {
		Path task = Path.of("/proc/self/task", Long.toString(tid));
		try {
			long voluntary = -1;
			long involuntary = -1;
			for (String line : Files.readAllLines(task.resolve("status"))) {
				if (line.startsWith("voluntary_ctxt_switches:")) {
					voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
				}
				else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
					involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
				}
			}
			return (voluntary < 0) ? null : new long[] { voluntary, involuntary };
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Whether this machine has what {@link #snapshot} reads. */
	static boolean supported() {
		return Files.isDirectory(Path.of("/proc/self/task"));
	}

	private record Task(String name, long tid) {
	}

	/**
	 * One thread's counts.
	 * @param tid its kernel task id
	 * @param voluntarySwitches times it blocked (and so woke up again)
	 * @param involuntarySwitches times the scheduler took the core from it
	 * @param cpuNanos its CPU time
	 */
	record Counts(long tid, long voluntarySwitches, long involuntarySwitches, long cpuNanos) {
	}

}
