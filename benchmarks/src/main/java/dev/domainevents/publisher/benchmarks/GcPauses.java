/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The collections of this JVM, as its collectors report them (millisecond resolution; the GC log that run.sh writes
 * has the exact pauses), so that the report can put the longest GC beside the longest call of a window.
 */
final class GcPauses {

	private static final GcPauses INSTANCE = new GcPauses();

	private final List<Pause> pauses = new ArrayList<>();

	private GcPauses() {
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener((notification, handback) -> {
					if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
						.equals(notification.getType())) {
						GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
							.from((CompositeData) notification.getUserData());
						record(new Pause(info.getGcInfo().getStartTime(), info.getGcInfo().getDuration(),
								info.getGcName() + " (" + info.getGcCause() + ")"));
					}
				}, null, null);
			}
		}
	}

	static GcPauses get() {
		return INSTANCE;
	}

	private synchronized void record(Pause pause) {
		this.pauses.add(pause);
	}

	/** Milliseconds since this JVM started, the clock of the collectors' reports. */
	static long uptimeMillis() {
		return ManagementFactory.getRuntimeMXBean().getUptime();
	}

	/**
	 * Sums up the collections that started in a window.
	 * @param fromMillis the window's start, in {@link #uptimeMillis()}
	 * @param toMillis the window's end
	 * @return their count and the longest
	 */
	synchronized Summary between(long fromMillis, long toMillis) {
		long count = 0;
		long longest = 0;
		for (Pause pause : this.pauses) {
			if (pause.startMillis() >= fromMillis && pause.startMillis() < toMillis) {
				count++;
				longest = Math.max(longest, pause.durationMillis());
			}
		}
		return new Summary(count, longest);
	}

	/**
	 * The live heap: the heap in use right after full collections, the least of three so that a concurrent
	 * allocation between a collection and the reading does not count.
	 * @return bytes
	 */
	static long liveHeapBytes() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	record Pause(long startMillis, long durationMillis, String what) {
	}

	/**
	 * @param count collections in the window
	 * @param longestMillis the longest one
	 */
	record Summary(long count, long longestMillis) {
	}

}
