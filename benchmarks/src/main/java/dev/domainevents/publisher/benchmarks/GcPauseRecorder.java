/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * Every stop-the-world GC pause of this JVM, to the microsecond, as JFR's {@code jdk.GCPhasePause} events report them
 * (young and mixed pauses, and G1's Remark and Cleanup, which JDK 17's collector MXBeans do not report), on the
 * {@link System#nanoTime()} clock of the harness's time stamps. {@link GcPauses} has millisecond resolution, too coarse
 * to tell whether a call of a few milliseconds overlapped a pause.
 */
final class GcPauseRecorder implements AutoCloseable {

	/** What a JFR time stamp and a {@link System#nanoTime()} may disagree by: their conversion, not the pause. */
	static final long CLOCK_SLACK_NANOS = 200_000;

	private static final String PAUSE_EVENT = "jdk.GCPhasePause";

	/** One per collection, with its collector's name and its cause, to name the pauses by. */
	private static final String COLLECTION_EVENT = "jdk.GarbageCollection";

	private final RecordingStream stream = new RecordingStream();

	private final long epochMinusNanoTime;

	private final List<Pause> pauses = new ArrayList<>();

	private final Map<Integer, String> collections = new HashMap<>();

	private volatile long lastFlush;

	GcPauseRecorder() {
		this.epochMinusNanoTime = epochMinusNanoTime();
		this.stream.enable(PAUSE_EVENT).withoutThreshold();
		this.stream.onEvent(PAUSE_EVENT, this::record);
		this.stream.enable(COLLECTION_EVENT).withoutThreshold();
		this.stream.onEvent(COLLECTION_EVENT, (event) -> {
			synchronized (this.pauses) {
				this.collections.put(event.getInt("gcId"),
						event.getString("name") + " (" + event.getString("cause") + ")");
			}
		});
		this.stream.onFlush(() -> this.lastFlush = System.nanoTime());
		this.stream.startAsync();
	}

	private static long epochMinusNanoTime() {
		long best = Long.MAX_VALUE;
		long offset = 0;
		for (int i = 0; i < 5; i++) {
			long before = System.nanoTime();
			Instant now = Instant.now();
			long after = System.nanoTime();
			if (after - before < best) {
				best = after - before;
				offset = epochNanos(now) - (before + (after - before) / 2);
			}
		}
		return offset;
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private void record(RecordedEvent event) {
		long start = epochNanos(event.getStartTime()) - this.epochMinusNanoTime;
		Pause pause = new Pause(start, event.getDuration().toNanos(), event.getInt("gcId"), event.getString("name"));
		synchronized (this.pauses) {
			this.pauses.add(pause);
		}
	}

	/**
	 * The pauses that overlap a window, once JFR has delivered every event up to its end (JFR flushes once a
	 * second).
	 * @param fromNanos the window's start, {@link System#nanoTime()}
	 * @param toNanos its end
	 * @return the pauses, in order
	 */
	List<Pause> overlapping(long fromNanos, long toNanos) {
		Clock.await(() -> this.lastFlush - toNanos > 0, Duration.ofSeconds(5));
		List<Pause> overlapping = new ArrayList<>();
		synchronized (this.pauses) {
			for (Pause pause : this.pauses) {
				if (pause.overlaps(fromNanos, toNanos)) {
					String collection = this.collections.get(pause.gcId());
					overlapping.add((collection != null)
							? new Pause(pause.startNanos(), pause.durationNanos(), pause.gcId(), pause.name() + ", " + collection)
							: pause);
				}
			}
		}
		overlapping.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
		return overlapping;
	}

	@Override
	public void close() {
		this.stream.close();
	}

	/**
	 * One stop-the-world pause.
	 * @param startNanos when it began, {@link System#nanoTime()}
	 * @param durationNanos how long it took
	 * @param gcId the collection it belongs to, as in {@code gc.log}'s {@code GC(n)}
	 * @param name what it was: JFR's name of the pause, and the collection's collector and cause
	 */
	record Pause(long startNanos, long durationNanos, int gcId, String name) {

		long endNanos() {
			return this.startNanos + this.durationNanos;
		}

		/** Whether it overlaps a span of time, give or take {@link #CLOCK_SLACK_NANOS}. */
		boolean overlaps(long fromNanos, long toNanos) {
			return this.startNanos - CLOCK_SLACK_NANOS - toNanos <= 0 && fromNanos - (endNanos() + CLOCK_SLACK_NANOS) <= 0;
		}

	}

}
