/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.benchmarks.GcPauseRecorder.Pause;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * The call time of {@code publish()} while a backlog completes at once (issue 10, item 10): callers publish at a
 * fixed rate, open loop; the broker is paused ({@code SIGSTOP}) long enough for thousands of events to wait, then
 * resumed, and its answers complete them in bursts while the callers go on publishing. Measured: the calls that start
 * from the resume until the last event of the backlog has completed, and a little after (the window), and the GC pauses
 * that overlap the window. A call that overlaps a GC pause is put down to the GC; the goal is on the longest of the
 * others.
 * <p>
 * The publisher gets a delivery timeout long enough that the paused events succeed after the resume instead of timing
 * out, and a queue large enough for all of them with the {@code reject} policy, so that the calls measure the
 * publisher's locks, not its overflow policy.
 */
final class ResumePhase {

	/** The goal: no call in the window, GC pauses apart, longer than this, in µs. */
	static final double GOAL_MICROS = 10_000;

	/** Long enough that events held through the pause succeed after it. */
	static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

	/** Room for every event of the pause, with the reject policy: none is refused. */
	static final int MAX_QUEUED_EVENTS = 50_000;

	static final long MAX_QUEUED_BYTES = 256L << 20;

	/** The longest wait for the backlog to complete after the resume. */
	private static final Duration BACKLOG_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

	/** As the harness's topics: old segments go soon. */
	private static final Map<String, String> TOPIC_CONFIG = Map.of("retention.bytes", Long.toString(128L << 20),
			"segment.bytes", Long.toString(32L << 20));

	/** How many of the longest calls each sample lists. */
	private static final int LONGEST = 5;

	/**
	 * What the phase runs.
	 * @param rate events per second, all callers together
	 * @param threads caller threads
	 * @param jsonBytes the events' JSON size
	 * @param warmup publishing before the pause, also the measured steady state's window (its second half)
	 * @param pause how long the broker is stopped
	 * @param tail how long the window goes on after the backlog has completed
	 * @param repetitions how many runs, each with a new publisher
	 */
	record Config(double rate, int threads, int jsonBytes, Duration warmup, Duration pause, Duration tail,
			int repetitions) {

		static Config of(Settings settings) {
			if (settings.isSmoke()) {
				return new Config(Math.min(2_000, settings.maxRate()), 2, settings.latencyJsonBytes(),
						Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofMillis(200), 1);
			}
			return new Config(2_000, 2, settings.latencyJsonBytes(), Duration.ofSeconds(5), Duration.ofSeconds(6),
					Duration.ofSeconds(1), settings.repetitions());
		}

	}

	private final Config config;

	private final ProcessKafkaBroker broker;

	private final Duration requestTimeout;

	private final PrintStream log;

	private final Payloads payloads;

	ResumePhase(Config config, ProcessKafkaBroker broker, Duration requestTimeout, PrintStream log) {
		this.config = config;
		this.broker = broker;
		this.requestTimeout = requestTimeout;
		this.log = log;
		this.payloads = Payloads.of(config.jsonBytes(), JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * Runs every repetition.
	 * @return a sample of each
	 */
	List<Sample> run() {
		String topic = "bench-resume";
		this.broker.createTopic(topic, 3, TOPIC_CONFIG);
		List<Sample> samples = new ArrayList<>();
		try (GcPauseRecorder gc = new GcPauseRecorder()) {
			for (int repetition = 0; repetition < this.config.repetitions(); repetition++) {
				Sample sample = runOnce(repetition, topic, gc);
				samples.add(sample);
				log("resume      rep %d  backlog %,d events, completed %.2f s after the resume; window %.2f s, "
						+ "%,d calls (%d refused): p50 %.1f  p99 %.1f  p99.9 %.1f  max %,.1f µs; GC %d pauses "
						+ "(%.1f ms, longest %.1f ms), %d calls overlap them; max apart from GC %,.1f µs; before the "
						+ "pause p99.9 %.1f  max %,.1f µs%s", repetition + 1, sample.backlogEvents(),
						sample.drainMillis() / 1e3, sample.windowMillis() / 1e3, sample.calls(), sample.refused(),
						sample.p50Micros(), sample.p99Micros(), sample.p999Micros(), sample.maxMicros(),
						sample.gcPauses(), sample.gcTotalMillis(), sample.gcLongestMillis(), sample.callsInGc(),
						sample.maxApartFromGcMicros(), sample.steadyP999Micros(), sample.steadyMaxMicros(),
						(sample.failed() > 0 || !sample.drained())
								? "  (" + sample.failed() + " failed, drained " + sample.drained() + ")" : "");
				for (String call : sample.longestCalls()) {
					log("            %s", call);
				}
			}
		}
		return samples;
	}

	private Sample runOnce(int repetition, String topic, GcPauseRecorder gc) {
		KafkaDomainEventPublisher publisher = KafkaDomainEventPublisher.builder()
			.producerProperties(ProducerSettings.common(this.broker.bootstrapServers(), "bench-resume",
					this.requestTimeout))
			.source(Payloads.SOURCE)
			.router((event) -> new EventRoute(topic, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE))
			.overflowPolicy(OverflowPolicy.REJECT)
			.maxQueuedEvents(MAX_QUEUED_EVENTS)
			.maxQueuedBytes(MAX_QUEUED_BYTES)
			.deliveryTimeout(DELIVERY_TIMEOUT)
			.build();
		try {
			Config config = this.config;
			long seconds = config.warmup().plus(config.pause()).plus(BACKLOG_TIMEOUT).plus(config.tail()).toSeconds() + 2;
			TimedLoad load = new TimedLoad((slot, outcome) -> publisher.publish(this.payloads.event(slot))
				.whenComplete((receipt, error) -> outcome.completed(error)), config.threads(), config.rate(),
					(int) Math.ceil(config.rate() * seconds));
			long started = load.intendedTime(0);
			Clock.parkUntil(started + config.warmup().toNanos());
			long pauseAt = System.nanoTime();
			long resumeAt;
			PublisherStats atResume;
			this.broker.pause();
			try {
				Clock.park(config.pause());
			}
			finally {
				atResume = publisher.stats();
				resumeAt = System.nanoTime();
				this.broker.resume();
			}
			int backlog = load.slotsBefore(resumeAt);
			boolean drained = Clock.await(() -> load.completedBefore(backlog), BACKLOG_TIMEOUT);
			long backlogDone = drained ? load.lastCompletion(backlog) : System.nanoTime();
			long windowEnd = backlogDone + config.tail().toNanos();
			Clock.parkUntil(windowEnd);
			load.stop();
			boolean completed = Clock.await(load::allCompleted, BACKLOG_TIMEOUT);
			if (load.exhausted()) {
				log("  the load ran out of slots");
			}
			List<Pause> pauses = gc.overlapping(resumeAt, windowEnd);
			CallStats window = CallStats.of(load, resumeAt, windowEnd, pauses);
			CallStats steady = CallStats.of(load, started + config.warmup().toNanos() / 2, pauseAt, List.of());
			return new Sample(repetition, atResume.pending(), (backlogDone - resumeAt) / 1e6,
					(windowEnd - resumeAt) / 1e6, window.calls, window.refused, countFailed(load), window.p50Micros(),
					window.p99Micros(), window.p999Micros(), window.maxMicros(), pauses.size(),
					pauses.stream().mapToLong(Pause::durationNanos).sum() / 1e6,
					pauses.stream().mapToLong(Pause::durationNanos).max().orElse(0) / 1e6, window.callsInGc,
					window.maxApartFromGcNanos / 1e3, steady.p999Micros(), steady.maxMicros(), drained && completed,
					window.longest(resumeAt), describe(pauses, resumeAt));
		}
		finally {
			publisher.close(CLOSE_TIMEOUT);
		}
	}

	private static long countFailed(TimedLoad load) {
		long failed = 0;
		for (int slot = 0, end = load.sent(); slot < end; slot++) {
			if (load.outcome(slot) == TimedLoad.FAILED) {
				failed++;
			}
		}
		return failed;
	}

	private static List<String> describe(List<Pause> pauses, long resumeAt) {
		return pauses.stream()
			.map((pause) -> String.format(Locale.ROOT, "+%.3f s GC(%d) %s: %.2f ms", (pause.startNanos() - resumeAt) / 1e9,
					pause.gcId(), pause.name(), pause.durationNanos() / 1e6))
			.toList();
	}

	private void log(String format, Object... arguments) {
		this.log.println(String.format(Locale.ROOT, format, arguments));
		this.log.flush();
	}

	/** The calls made in a window: those that started in it. */
	private static final class CallStats {

		private final Histogram nanos = new Histogram(3);

		private final List<long[]> all = new ArrayList<>();

		private long calls;

		private long refused;

		private long callsInGc;

		private long maxApartFromGcNanos;

		private final List<Pause> pauses;

		private CallStats(List<Pause> pauses) {
			this.pauses = pauses;
		}

		static CallStats of(TimedLoad load, long fromNanos, long toNanos, List<Pause> pauses) {
			CallStats stats = new CallStats(pauses);
			for (int slot = 0, end = load.sent(); slot < end; slot++) {
				long start = load.callStart(slot);
				long stop = load.callEnd(slot);
				if (stop == 0 || start - fromNanos < 0 || start - toNanos > 0) {
					continue;
				}
				long time = stop - start;
				stats.calls++;
				stats.nanos.recordValue(time);
				if (load.outcome(slot) == TimedLoad.REFUSED) {
					stats.refused++;
				}
				boolean inGc = pauses.stream().anyMatch((pause) -> pause.overlaps(start, stop));
				if (inGc) {
					stats.callsInGc++;
				}
				else {
					stats.maxApartFromGcNanos = Math.max(stats.maxApartFromGcNanos, time);
				}
				stats.all.add(new long[] { start, time, inGc ? 1 : 0 });
			}
			return stats;
		}

		double p50Micros() {
			return this.nanos.getValueAtPercentile(50) / 1e3;
		}

		double p99Micros() {
			return this.nanos.getValueAtPercentile(99) / 1e3;
		}

		double p999Micros() {
			return this.nanos.getValueAtPercentile(99.9) / 1e3;
		}

		double maxMicros() {
			return this.nanos.getMaxValue() / 1e3;
		}

		/** The longest calls, with when they started (from the resume) and whether a GC pause overlapped them. */
		List<String> longest(long resumeAt) {
			return this.all.stream()
				.sorted(Comparator.comparingLong((long[] call) -> call[1]).reversed())
				.limit(LONGEST)
				.map((call) -> String.format(Locale.ROOT, "call at +%.3f s: %,.1f µs%s", (call[0] - resumeAt) / 1e9,
						call[1] / 1e3, (call[2] == 1) ? " (overlaps a GC pause)" : ""))
				.toList();
		}

	}

	/**
	 * One run.
	 *
	 * @param repetition the repetition
	 * @param backlogEvents events pending (queued and in flight) when the broker was resumed
	 * @param drainMillis from the resume until the last event published before it completed
	 * @param windowMillis the measured window: the drain and the tail
	 * @param calls calls that started in the window
	 * @param refused of which refused (the queue is meant to hold them all)
	 * @param failed events of the whole run that failed (the delivery timeout is meant to outlast the pause)
	 * @param p50Micros the calls' median
	 * @param p99Micros their 99th percentile
	 * @param p999Micros their 99.9th percentile
	 * @param maxMicros the longest
	 * @param gcPauses GC pauses that overlap the window
	 * @param gcTotalMillis their total
	 * @param gcLongestMillis the longest of them
	 * @param callsInGc calls that overlap one of them
	 * @param maxApartFromGcMicros the longest call that overlaps none
	 * @param steadyP999Micros the 99.9th percentile of the calls before the pause (the second half of the warm-up)
	 * @param steadyMaxMicros the longest of them
	 * @param drained whether every event completed
	 * @param longestCalls the longest calls of the window, described
	 * @param gcPauseList the GC pauses of the window, described
	 */
	record Sample(int repetition, long backlogEvents, double drainMillis, double windowMillis, long calls,
			long refused, long failed, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
			int gcPauses, double gcTotalMillis, double gcLongestMillis, long callsInGc, double maxApartFromGcMicros,
			double steadyP999Micros, double steadyMaxMicros, boolean drained, List<String> longestCalls,
			List<String> gcPauseList) {

		boolean met() {
			return this.maxApartFromGcMicros <= GOAL_MICROS;
		}

	}

}
