/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * Everything a run measured, and the targets it is judged by.
 */
final class Results {

	/** The starter in a Boot application at least this share of the publisher built without one. */
	static final double STARTER_TARGET = 0.95;

	/** The starter at least this share of the raw producer doing the same work on the caller's thread. */
	static final double SAME_WORK_TARGET = 1.0;

	/** The starter with tracing on at least this share of the starter with it off. */
	static final double TRACING_TARGET = 0.7;

	/** The publisher against raw with ready-made bytes, 1 caller: at least this share at 256 B... */
	static final double CEILING_TARGET_SMALL = 0.75;

	/** ...and this share at 2 KiB. */
	static final double CEILING_TARGET_LARGE = 0.85;

	/** Bytes the publisher allocates per 256 B event at most (JMH's gc.alloc.rate.norm). */
	static final double ALLOCATION_TARGET_BYTES = 800;

	/** Publisher's p99 latency at 50% load at most this multiple of the raw producer's. */
	static final double LATENCY_TARGET = 1.5;

	/** The load of the latency target, in percent of the ceiling. */
	static final int LATENCY_TARGET_LOAD = 50;

	/** Publisher's publish() call p99.9 during a broker pause, with the reject policy, at most this, in µs. */
	static final double CALL_TIME_TARGET_MICROS = 1000;

	/** Memory during a pause at most this multiple of queue bytes + buffer.memory + retained events. */
	static final double MEMORY_TARGET = 1.5;

	final Settings settings;

	final Machine machine;

	final List<ThroughputSample> throughput = new ArrayList<>();

	double ceiling;

	final List<LatencySample> latency = new ArrayList<>();

	/**
	 * The publisher's latency at the first load of the latency phase while, beside every event, another goes to a
	 * topic that does not exist: its events wait for metadata and must not hold the others back.
	 */
	final List<LatencySample> besideMissingTopic = new ArrayList<>();

	double callRate;

	final List<CallSample> callTimes = new ArrayList<>();

	double memoryRate;

	final List<MemorySample> memory = new ArrayList<>();

	final List<AllocationSample> allocation = new ArrayList<>();

	final List<ResumePhase.Sample> resume = new ArrayList<>();

	final List<IdlePhase.Sample> idle = new ArrayList<>();

	/** The journal's closed-loop runs (issue 13): the journal off, on-failure and write-ahead side by side. */
	final List<JournalPhase.ThroughputSample> journalThroughput = new ArrayList<>();

	/** The journal's spill runs: publish() while the broker is paused and events go to the journal. */
	final List<JournalPhase.SpillSample> journalSpill = new ArrayList<>();

	/** Where the journals were, and on what file system. */
	String journalFileSystem = "";

	/** How long the journal phase's warm-up, throughput and spill runs took, in seconds. */
	double[] journalSeconds = new double[0];

	Results(Settings settings, Machine machine) {
		this.settings = settings;
		this.machine = machine;
	}

	Spread throughput(Peer peer, int jsonBytes, int threads) {
		return throughput(peer, jsonBytes, threads, ThroughputSample::eventsPerSecond);
	}

	Spread throughput(Peer peer, int jsonBytes, int threads, ToDoubleFunction<ThroughputSample> figure) {
		return spread(this.throughput,
				(s) -> s.peer() == peer && s.jsonBytes() == jsonBytes && s.threads() == threads
						&& !Double.isNaN(figure.applyAsDouble(s)),
				figure);
	}

	Spread latency(Peer peer, int percent, ToDoubleFunction<LatencySample> figure) {
		return spread(this.latency, (s) -> s.peer() == peer && s.percent() == percent, figure);
	}

	Spread besideMissingTopic(ToDoubleFunction<LatencySample> figure) {
		return spread(this.besideMissingTopic, (s) -> true, figure);
	}

	Spread callTime(Peer peer, String condition, ToDoubleFunction<CallSample> figure) {
		return spread(this.callTimes, (s) -> s.peer() == peer && s.condition().equals(condition), figure);
	}

	Spread memory(ToDoubleFunction<MemorySample> figure) {
		return spread(this.memory, (s) -> true, figure);
	}

	private static <T> Spread spread(List<T> samples, Predicate<T> filter, ToDoubleFunction<T> figure) {
		List<Double> values = new ArrayList<>();
		for (T sample : samples) {
			if (filter.test(sample)) {
				values.add(figure.applyAsDouble(sample));
			}
		}
		return Spread.of(values);
	}

	/** The targets, each met or missed, from this run's own figures. */
	List<Gate> gates() {
		List<Gate> gates = new ArrayList<>();
		ratioGate(gates, "The starter in a Boot app with actuator, defaults ≥ " + ratio(STARTER_TARGET)
				+ " × the publisher without an application context", Peer.STARTER, Peer.PUBLISHER, STARTER_TARGET,
				List.of(1, 8), this.settings.jsonSizes());
		ratioGate(gates, "The starter in a Boot app ≥ " + ratio(SAME_WORK_TARGET)
				+ " × raw KafkaProducer doing the same work", Peer.STARTER, Peer.RAW_SAME_WORK, SAME_WORK_TARGET,
				List.of(1, 8), this.settings.jsonSizes());
		ratioGate(gates, "Tracing on (OpenTelemetry, every publication sampled) ≥ " + ratio(TRACING_TARGET)
				+ " × tracing off", Peer.STARTER_TRACING, Peer.STARTER, TRACING_TARGET, List.of(1, 8),
				this.settings.jsonSizes());
		ratioGate(gates, "The publisher ≥ " + ratio(CEILING_TARGET_SMALL)
				+ " × raw with ready-made bytes, 1 caller, 256 B", Peer.PUBLISHER, Peer.RAW, CEILING_TARGET_SMALL,
				List.of(1), List.of(256));
		ratioGate(gates, "The publisher ≥ " + ratio(CEILING_TARGET_LARGE)
				+ " × raw with ready-made bytes, 1 caller, 2 KiB", Peer.PUBLISHER, Peer.RAW, CEILING_TARGET_LARGE,
				List.of(1), List.of(2048));
		this.allocation.stream()
			.filter((sample) -> sample.benchmark().equals("publisher") && sample.jsonBytes() == 256)
			.findFirst()
			.ifPresent((sample) -> gates.add(new Gate("Allocation per 256 B event ≤ " + (int) ALLOCATION_TARGET_BYTES
					+ " B", String.format(Locale.ROOT, "%,.0f B", sample.bytesPerEvent()),
					sample.bytesPerEvent() <= ALLOCATION_TARGET_BYTES)));
		Spread publisherP99 = latency(Peer.PUBLISHER, LATENCY_TARGET_LOAD, LatencySample::p99Millis);
		Spread rawP99 = latency(Peer.RAW, LATENCY_TARGET_LOAD, LatencySample::p99Millis);
		if (!publisherP99.isEmpty() && !rawP99.isEmpty()) {
			double ratio = publisherP99.median() / rawP99.median();
			gates.add(new Gate("p99 latency at 50% load ≤ " + ratio(LATENCY_TARGET) + " × raw's",
					ratio(ratio) + " (" + Report.millis(publisherP99.median()) + " vs " + Report.millis(rawP99.median())
							+ " ms)",
					ratio <= LATENCY_TARGET));
		}
		Spread p999 = callTime(Peer.PUBLISHER, Harness.PAUSE, CallSample::p999Micros);
		if (!p999.isEmpty()) {
			gates.add(new Gate("publish() call p99.9 ≤ 1 ms during a broker pause (reject policy)",
					Report.micros(p999.median()) + " µs (worst repetition " + Report.micros(p999.max()) + " µs)",
					p999.median() <= CALL_TIME_TARGET_MICROS));
		}
		Spread memoryRatio = memory(MemorySample::ratio);
		if (!memoryRatio.isEmpty()) {
			gates.add(new Gate("Memory ≤ 1.5 × (queue bytes + buffer.memory + retained events)",
					ratio(memoryRatio.median()) + " (" + Report.mebibytes(memory(MemorySample::measuredBytes).median())
							+ " vs " + Report.mebibytes(memory(MemorySample::boundBytes).median()) + " MiB)",
					memoryRatio.median() <= MEMORY_TARGET));
		}
		if (!this.resume.isEmpty()) {
			ResumePhase.Sample worst = this.resume.stream()
				.max(Comparator.comparingDouble(ResumePhase.Sample::maxApartFromGcMicros))
				.orElseThrow();
			Spread resumeP999 = Spread.of(this.resume.stream().map(ResumePhase.Sample::p999Micros).toList());
			gates.add(new Gate("publish() call max ≤ 10 ms apart from GC pauses while a backlog completes at a broker "
					+ "resume", Report.micros(worst.maxApartFromGcMicros()) + " µs apart from GC, worst of "
							+ this.resume.size() + " (max " + Report.micros(worst.maxMicros()) + " µs with GC; p99.9 "
							+ Report.micros(resumeP999.median()) + " µs)",
					this.resume.stream().allMatch(ResumePhase.Sample::met)));
		}
		JournalPhase.gates(gates, this.journalThroughput, this.journalSpill);
		return gates;
	}

	// One target over every combination of caller threads and event size measured: met when every ratio is.
	private void ratioGate(List<Gate> gates, String target, Peer numerator, Peer denominator, double least,
			List<Integer> threadCounts, List<Integer> sizes) {
		List<String> measured = new ArrayList<>();
		boolean met = true;
		for (int size : sizes) {
			for (int threads : threadCounts) {
				Spread top = throughput(numerator, size, threads);
				Spread bottom = throughput(denominator, size, threads);
				if (!this.settings.jsonSizes().contains(size) || !this.settings.threadCounts().contains(threads)
						|| top.isEmpty() || bottom.isEmpty()) {
					continue;
				}
				double ratio = top.median() / bottom.median();
				met &= ratio >= least;
				measured.add(Report.size(size) + " " + threads + "t: " + ratio(ratio));
			}
		}
		if (!measured.isEmpty()) {
			gates.add(new Gate(target, String.join(", ", measured), met));
		}
	}

	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	/** One throughput run. */
	record ThroughputSample(int repetition, Peer peer, int jsonBytes, int threads, double eventsPerSecond,
			long failures, double clientMicrosPerEvent, double brokerMicrosPerEvent) {
	}

	/** One latency run at a fixed rate; times in milliseconds. */
	record LatencySample(int repetition, Peer peer, int percent, double rate, long count, long failures,
			double p50Millis, double p99Millis, double p999Millis, double maxMillis) {

		static LatencySample of(int repetition, Peer peer, int percent, double rate, Histogram nanos, long failures) {
			return new LatencySample(repetition, peer, percent, rate, nanos.getTotalCount(), failures,
					nanos.getValueAtPercentile(50) / 1e6, nanos.getValueAtPercentile(99) / 1e6,
					nanos.getValueAtPercentile(99.9) / 1e6, nanos.getMaxValue() / 1e6);
		}

	}

	/** The call times of one window of one run; times in microseconds. */
	record CallSample(int repetition, Peer peer, String condition, long count, long refused, double p50Micros,
			double p99Micros, double p999Micros, double maxMicros, long gcCount, long gcLongestMillis) {

		static CallSample of(int repetition, Peer peer, String condition, Histogram nanos, long refused,
				GcPauses.Summary gc) {
			return new CallSample(repetition, peer, condition, nanos.getTotalCount(), refused,
					nanos.getValueAtPercentile(50) / 1e3, nanos.getValueAtPercentile(99) / 1e3,
					nanos.getValueAtPercentile(99.9) / 1e3, nanos.getMaxValue() / 1e3, gc.count(), gc.longestMillis());
		}

	}

	/**
	 * One memory run: the live heap at the end of a broker pause against the idle baseline.
	 *
	 * @param repetition the repetition
	 * @param baselineBytes live heap with the publisher built, warmed up and idle
	 * @param liveBytes live heap at the end of the pause, still paused
	 * @param queuedEvents events in the queue then
	 * @param queuedBytes their estimated record bytes
	 * @param inFlightEvents events with the producer, unanswered
	 * @param inFlightBytes their estimated record bytes
	 * @param pending accepted, not completed: queued plus in flight
	 * @param bufferMemory the producer's buffer.memory
	 * @param retainedBytesPerEvent the heap one application event object takes
	 * @param offered publish() calls during the pause
	 * @param refused calls refused with QUEUE_FULL
	 */
	record MemorySample(int repetition, long baselineBytes, long liveBytes, long queuedEvents, long queuedBytes,
			long inFlightEvents, long inFlightBytes, long pending, long bufferMemory, long retainedBytesPerEvent,
			long offered, long refused) {

		double measuredBytes() {
			return this.liveBytes - this.baselineBytes;
		}

		double retainedEventBytes() {
			return (double) this.pending * this.retainedBytesPerEvent;
		}

		double boundBytes() {
			return this.queuedBytes + this.bufferMemory + retainedEventBytes();
		}

		double ratio() {
			return measuredBytes() / boundBytes();
		}

	}

	/**
	 * One JMH result with {@code -prof gc}.
	 *
	 * @param benchmark the benchmark method
	 * @param jsonBytes its event size
	 * @param bytesPerEvent {@code gc.alloc.rate.norm}: bytes allocated per event, by every thread
	 * @param error its error margin
	 * @param microsPerEvent average time per event
	 */
	record AllocationSample(String benchmark, int jsonBytes, double bytesPerEvent, double error,
			double microsPerEvent) {
	}

	/** A target, met or missed. */
	record Gate(String target, String measured, boolean met) {

		String verdict() {
			return this.met ? "MET" : "MISSED";
		}

	}

}
