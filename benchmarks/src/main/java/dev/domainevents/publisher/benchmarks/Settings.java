/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * What a run measures and for how long.
 *
 * @param name {@code full} or {@code smoke}
 * @param repetitions repetitions of every throughput, latency and call-time figure
 * @param jsonSizes event JSON sizes for throughput
 * @param threadCounts caller threads for throughput
 * @param throughputWarmup warm-up of one throughput run
 * @param throughputMeasure measured window of one throughput run
 * @param latencyJsonBytes event size for latency, call time and memory
 * @param loadPercents open-loop rates for latency, in percent of the raw producer's ceiling
 * @param openLoopThreads caller threads of the open-loop loads (at most 2 for call time)
 * @param latencyWarmup warm-up of one latency run
 * @param latencyMeasure measured window of one latency run
 * @param callLoadPercent rate of the call-time runs, in percent of the ceiling
 * @param callWarmup warm-up of one call-time run
 * @param callNormal measured window under normal load
 * @param callPause broker pause during which call times are measured
 * @param memoryRepetitions repetitions of the memory run
 * @param memoryLoadPercent offered load during the memory run's pause, in percent of the ceiling
 * @param memoryPause broker pause of the memory run
 * @param maxRate a cap on every open-loop rate, events per second
 * @param warmUpRound whether every peer runs once, unrecorded, before the first measurement
 * @param throughputOnly whether to stop after the throughput phase
 * @param requestTimeout every peer's {@code request.timeout.ms}: how long a client waits for a produce response
 * before it gives the connection up and sends again
 */
record Settings(String name, int repetitions, List<Integer> jsonSizes, List<Integer> threadCounts,
		Duration throughputWarmup, Duration throughputMeasure, int latencyJsonBytes, List<Integer> loadPercents,
		int openLoopThreads, Duration latencyWarmup, Duration latencyMeasure, int callLoadPercent,
		Duration callWarmup, Duration callNormal, Duration callPause, int memoryRepetitions, int memoryLoadPercent,
		Duration memoryPause, double maxRate, boolean warmUpRound, boolean throughputOnly, Duration requestTimeout) {

	/** The full run of {@code benchmarks/run.sh}: about 18 minutes on two cores. */
	static Settings full() {
		return new Settings("full", 3, List.of(256, 2048), List.of(1, 8), Duration.ofMillis(2000),
				Duration.ofSeconds(5), 2048, List.of(25, 50, 80), 2, Duration.ofSeconds(2), Duration.ofSeconds(10), 25,
				Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(8), 3, 50, Duration.ofSeconds(60),
				Double.MAX_VALUE, true, false, Duration.ofSeconds(30));
	}

	/** The smoke run inside {@code mvn verify}: every phase end to end, one repetition, small numbers. */
	static Settings smoke() {
		return new Settings("smoke", 1, List.of(2048), List.of(1, 8), Duration.ofMillis(200), Duration.ofMillis(400),
				2048, List.of(50), 2, Duration.ofMillis(200), Duration.ofMillis(500), 25, Duration.ofMillis(100),
				Duration.ofMillis(300), Duration.ofMillis(600), 1, 50, Duration.ofMillis(1000), 5_000, true, false,
				Duration.ofSeconds(30));
	}

	Settings withRepetitions(int count) {
		return new Settings(this.name, count, this.jsonSizes, this.threadCounts, this.throughputWarmup,
				this.throughputMeasure, this.latencyJsonBytes, this.loadPercents, this.openLoopThreads, this.latencyWarmup,
				this.latencyMeasure, this.callLoadPercent, this.callWarmup, this.callNormal, this.callPause,
				this.memoryRepetitions, this.memoryLoadPercent, this.memoryPause, this.maxRate, this.warmUpRound,
				this.throughputOnly, this.requestTimeout);
	}

	Settings withThroughputOnly() {
		return new Settings(this.name, this.repetitions, this.jsonSizes, this.threadCounts, this.throughputWarmup,
				this.throughputMeasure, this.latencyJsonBytes, this.loadPercents, this.openLoopThreads, this.latencyWarmup,
				this.latencyMeasure, this.callLoadPercent, this.callWarmup, this.callNormal, this.callPause,
				this.memoryRepetitions, this.memoryLoadPercent, this.memoryPause, this.maxRate, this.warmUpRound, true,
				this.requestTimeout);
	}

	boolean isSmoke() {
		return "smoke".equals(this.name);
	}

	/** Caps an open-loop rate. */
	double rate(double ceiling, int percent) {
		return Math.min(this.maxRate, ceiling * percent / 100.0);
	}

}
