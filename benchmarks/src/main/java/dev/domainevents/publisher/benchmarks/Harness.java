/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.PrintStream;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.benchmarks.Results.CallSample;
import dev.domainevents.publisher.benchmarks.Results.LatencySample;
import dev.domainevents.publisher.benchmarks.Results.MemorySample;
import dev.domainevents.publisher.benchmarks.Results.ThroughputSample;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * Runs the phases on one broker: throughput, then latency and call time at rates derived from the raw producer's
 * throughput (the ceiling), then memory during a long pause. Peers are interleaved: each repetition runs every peer
 * once per configuration, in an order that rotates, and every run gets a new client.
 */
final class Harness {

	/** The call-time window under normal load. */
	static final String NORMAL = "normal";

	/** The call-time window while the broker is paused. */
	static final String PAUSE = "pause";

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(150);

	private static final int PARTITIONS = 3;

	/** Keep the broker's disk small: old segments go soon after each run. */
	private static final Map<String, String> TOPIC_CONFIG = Map.of("retention.bytes", Long.toString(128L << 20),
			"segment.bytes", Long.toString(32L << 20));

	private final Settings settings;

	private final ProcessKafkaBroker broker;

	private final PrintStream log;

	private final Map<Integer, Payloads> payloads = new HashMap<>();

	private final Results results;

	/**
	 * The number of the topic created last, from 0: each phase's peer order is rotated by it as well, so that no peer
	 * is always the first producer on a freshly created topic.
	 */
	private int newTopics = -1;

	Harness(Settings settings, ProcessKafkaBroker broker, Machine machine, PrintStream log) {
		this.settings = settings;
		this.broker = broker;
		this.log = log;
		this.results = new Results(settings, machine);
		// The mapper the publisher's default serializer builds, so that the raw peers send the very same bytes.
		JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();
		for (int size : settings.jsonSizes()) {
			this.payloads.put(size, Payloads.of(size, mapper));
		}
		this.payloads.computeIfAbsent(settings.latencyJsonBytes(), (size) -> Payloads.of(size, mapper));
	}

	/**
	 * Runs every phase.
	 * @return the results
	 */
	Results run() {
		if (this.settings.warmUpRound()) {
			timed("warm-up", this::warmUp);
		}
		timed("throughput", this::throughput);
		if (this.settings.throughputOnly()) {
			return this.results;
		}
		this.results.ceiling = ceiling();
		log("Ceiling (raw producer, %s): %.0f events/s", Report.size(this.settings.latencyJsonBytes()),
				this.results.ceiling);
		timed("latency", this::latency);
		timed("call time", this::callTimes);
		timed("memory", this::memory);
		return this.results;
	}

	private void timed(String phase, Runnable action) {
		long start = System.nanoTime();
		action.run();
		log("-- %s took %.1f s", phase, Clock.seconds(System.nanoTime() - start));
	}

	/**
	 * Runs every peer once, unrecorded, so that the first measured run of none of them pays for class loading and
	 * compilation.
	 */
	private void warmUp() {
		String topic = topic("bench-warmup");
		for (Peer peer : Peer.allInOrderOf(this.newTopics)) {
			for (int size : this.payloads.keySet()) {
				try (Sender sender = Sender.open(peer, this.broker.bootstrapServers(), topic, this.payloads.get(size),
						OverflowPolicy.BLOCK, this.settings.requestTimeout())) {
					if (this.settings.isSmoke()) {
						// Enough for the first measured run to complete something, no more: the smoke run is short.
						OpenLoop.byIntendedTime(sender::send, 1, 2_000, Duration.ZERO, Duration.ofMillis(250))
							.awaitCompletions(DRAIN_TIMEOUT);
					}
					else {
						ClosedLoop.run(sender, 2, this.settings.throughputWarmup(), this.settings.throughputMeasure(),
								this.broker.pid());
					}
				}
			}
		}
	}

	private void throughput() {
		String topic = topic("bench-throughput");
		for (int repetition = 0; repetition < this.settings.repetitions(); repetition++) {
			for (int size : this.settings.jsonSizes()) {
				for (int threads : this.settings.threadCounts()) {
					for (Peer peer : Peer.allInOrderOf(repetition + this.newTopics)) {
						ClosedLoop.Result result;
						long started = System.nanoTime();
						try (Sender sender = Sender.open(peer, this.broker.bootstrapServers(), topic,
								this.payloads.get(size), OverflowPolicy.BLOCK, this.settings.requestTimeout())) {
							result = ClosedLoop.run(sender, threads, this.settings.throughputWarmup(),
									this.settings.throughputMeasure(), this.broker.pid());
							if (!result.drained()) {
								log("  not drained: %s", sender.state());
							}
						}
						this.results.throughput.add(new ThroughputSample(repetition, peer, size, threads,
								result.eventsPerSecond(), result.failures(), result.clientMicrosPerEvent(),
								result.brokerMicrosPerEvent()));
						log("throughput  rep %d  %-6s %d thread%s  %-20s %,10.0f events/s  cpu/event %.2f + broker %.2f µs%s"
								+ "  [%.1f s]", repetition + 1, Report.size(size), threads, (threads == 1) ? " " : "s",
								peer.label(), result.eventsPerSecond(), result.clientMicrosPerEvent(),
								result.brokerMicrosPerEvent(), (result.failures() > 0 || !result.drained())
										? "  (" + result.failures() + " failed, drained " + result.drained() + ")"
										: "", Clock.seconds(System.nanoTime() - started));
					}
				}
			}
		}
	}

	/** The raw producer's best median throughput at the latency event size. */
	private double ceiling() {
		double best = 0;
		for (int threads : this.settings.threadCounts()) {
			Spread raw = this.results.throughput(Peer.RAW, this.settings.latencyJsonBytes(), threads);
			if (!raw.isEmpty()) {
				best = Math.max(best, raw.median());
			}
		}
		if (best <= 0) {
			throw new IllegalStateException("No raw throughput at " + this.settings.latencyJsonBytes() + " bytes");
		}
		return best;
	}

	private void latency() {
		String topic = topic("bench-latency");
		Payloads events = this.payloads.get(this.settings.latencyJsonBytes());
		for (int repetition = 0; repetition < this.settings.repetitions(); repetition++) {
			for (int percent : this.settings.loadPercents()) {
				double rate = this.settings.rate(this.results.ceiling, percent);
				for (Peer peer : Peer.inOrderOf(repetition + this.newTopics)) {
					LatencySample sample;
					try (Sender sender = Sender.open(peer, this.broker.bootstrapServers(), topic, events,
							OverflowPolicy.BLOCK, this.settings.requestTimeout())) {
						OpenLoop load = OpenLoop.byIntendedTime(sender::send, this.settings.openLoopThreads(), rate,
								this.settings.latencyWarmup(), this.settings.latencyMeasure());
						boolean drained = load.awaitCompletions(DRAIN_TIMEOUT);
						if (!drained) {
							log("  not drained: %d sent, %s", load.sent(), sender.state());
						}
						sample = LatencySample.of(repetition, peer, percent, rate, load.latency(1),
								load.failed(1) + load.refused(1) + (drained ? 0 : 1));
					}
					this.results.latency.add(sample);
					log("latency     rep %d  %3d%% %,8.0f/s  %-20s p50 %8.2f  p99 %8.2f  p99.9 %8.2f  max %8.2f ms%s",
							repetition + 1, percent, rate, peer.label(), sample.p50Millis(), sample.p99Millis(),
							sample.p999Millis(), sample.maxMillis(),
							(sample.failures() > 0) ? "  (" + sample.failures() + " failed)" : "");
				}
				if (percent == this.settings.loadPercents().get(0)) {
					latencyBesideMissingTopic(repetition, percent, rate, topic, events);
				}
			}
		}
	}

	/**
	 * The publisher's latency with, beside each of its events, one to a topic that does not exist (the broker does
	 * not create topics): the figure the functional tests no longer gate, that a topic without metadata does not
	 * hold the others back. One run per repetition, at the first load of the latency phase, to set beside the
	 * publisher's own row there.
	 */
	private void latencyBesideMissingTopic(int repetition, int percent, double rate, String topic, Payloads events) {
		String missing = "bench-no-such-topic";
		LatencySample sample;
		try (Sender.Publisher sender = new Sender.Publisher(this.broker.bootstrapServers(), topic, events,
				OverflowPolicy.BLOCK, this.settings.requestTimeout())) {
			OpenLoop load = OpenLoop.byIntendedTime((index, outcome) -> sender.sendBeside(index, outcome, missing),
					this.settings.openLoopThreads(), rate, this.settings.latencyWarmup(), this.settings.latencyMeasure());
			boolean drained = load.awaitCompletions(DRAIN_TIMEOUT);
			if (!drained) {
				log("  not drained: %d sent, %s", load.sent(), sender.state());
			}
			sample = LatencySample.of(repetition, Peer.PUBLISHER, percent, rate, load.latency(1),
					load.failed(1) + load.refused(1) + (drained ? 0 : 1));
			// Only the missing topic's events are left, and they can never complete.
			sender.close(Duration.ofSeconds(1));
		}
		this.results.besideMissingTopic.add(sample);
		log("latency     rep %d  %3d%% %,8.0f/s  %-20s p50 %8.2f  p99 %8.2f  p99.9 %8.2f  max %8.2f ms%s",
				repetition + 1, percent, rate, "beside a missing topic", sample.p50Millis(), sample.p99Millis(),
				sample.p999Millis(), sample.maxMillis(),
				(sample.failures() > 0) ? "  (" + sample.failures() + " failed)" : "");
	}

	private void callTimes() {
		String topic = topic("bench-calls");
		Payloads events = this.payloads.get(this.settings.latencyJsonBytes());
		double rate = this.settings.rate(this.results.ceiling, this.settings.callLoadPercent());
		this.results.callRate = rate;
		for (int repetition = 0; repetition < this.settings.repetitions(); repetition++) {
			for (Peer peer : Peer.inOrderOf(repetition + this.newTopics)) {
				try (Sender sender = Sender.open(peer, this.broker.bootstrapServers(), topic, events,
						OverflowPolicy.REJECT, this.settings.requestTimeout())) {
					OpenLoop load = OpenLoop.controlled(sender::send, this.settings.openLoopThreads(), rate, 3);
					Clock.park(this.settings.callWarmup());
					long normalFrom = GcPauses.uptimeMillis();
					load.enter(1);
					Clock.park(this.settings.callNormal());
					load.enter(2);
					long pauseFrom = GcPauses.uptimeMillis();
					this.broker.pause();
					try {
						Clock.park(this.settings.callPause());
					}
					finally {
						this.broker.resume();
					}
					long pauseTo = GcPauses.uptimeMillis();
					load.stop();
					boolean drained = load.awaitCompletions(DRAIN_TIMEOUT);
					if (!drained) {
						log("  not drained: %d sent, %s", load.sent(), sender.state());
					}
					CallSample normal = CallSample.of(repetition, peer, NORMAL, load.callTimes(1), load.refused(1),
							GcPauses.get().between(normalFrom, pauseFrom));
					CallSample paused = CallSample.of(repetition, peer, PAUSE, load.callTimes(2), load.refused(2),
							GcPauses.get().between(pauseFrom, pauseTo));
					this.results.callTimes.add(normal);
					this.results.callTimes.add(paused);
					for (CallSample sample : List.of(normal, paused)) {
						log("call time   rep %d  %-6s %-20s p50 %9.1f  p99 %9.1f  p99.9 %9.1f  max %11.1f µs  "
								+ "(%d calls, %d refused, GC %d, longest %d ms)%s", repetition + 1,
								sample.condition(), peer.label(), sample.p50Micros(), sample.p99Micros(),
								sample.p999Micros(), sample.maxMicros(), sample.count(), sample.refused(),
								sample.gcCount(), sample.gcLongestMillis(), drained ? "" : "  (not drained)");
					}
				}
			}
		}
	}

	private void memory() {
		String topic = topic("bench-memory");
		Payloads events = this.payloads.get(this.settings.latencyJsonBytes());
		long perEvent = retainedBytesPerEvent(events);
		double rate = this.settings.rate(this.results.ceiling, this.settings.memoryLoadPercent());
		this.results.memoryRate = rate;
		log("memory      one application event retains %d bytes", perEvent);
		for (int repetition = 0; repetition < this.settings.memoryRepetitions(); repetition++) {
			try (Sender.Publisher sender = new Sender.Publisher(this.broker.bootstrapServers(), topic, events,
					OverflowPolicy.REJECT, this.settings.requestTimeout())) {
				OpenLoop warmup = OpenLoop.byIntendedTime(sender::send, 1, Math.min(rate, 2_000), Duration.ZERO,
						this.settings.latencyWarmup().plus(this.settings.latencyWarmup()));
				warmup.awaitCompletions(DRAIN_TIMEOUT);
				long baseline = GcPauses.liveHeapBytes();
				OpenLoop load;
				PublisherStats stats;
				long live;
				this.broker.pause();
				try {
					load = OpenLoop.controlled(sender::sendFresh, this.settings.openLoopThreads(), rate, 2);
					load.enter(1);
					Clock.park(this.settings.memoryPause());
					load.stop();
					stats = sender.publisher.stats();
					live = GcPauses.liveHeapBytes();
				}
				finally {
					this.broker.resume();
				}
				boolean drained = load.awaitCompletions(DRAIN_TIMEOUT);
				MemorySample sample = new MemorySample(repetition, baseline, live, stats.queuedEvents(),
						stats.queuedBytes(), stats.inFlightEvents(), stats.inFlightBytes(), stats.pending(),
						ProducerSettings.BUFFER_MEMORY, perEvent, load.sent(), load.refused(1));
				this.results.memory.add(sample);
				log("memory      rep %d  live %s MiB above idle; bound %s MiB (queue %s + buffer.memory %s + %d events "
						+ "× %d B); ratio %.2f; %d calls, %d refused, in flight %d events%s", repetition + 1,
						Report.mebibytes(sample.measuredBytes()), Report.mebibytes(sample.boundBytes()),
						Report.mebibytes(sample.queuedBytes()), Report.mebibytes(sample.bufferMemory()),
						sample.pending(), perEvent, sample.ratio(), sample.offered(), sample.refused(),
						sample.inFlightEvents(), drained ? "" : "  (not drained)");
			}
		}
	}

	/**
	 * Measures what one application event takes on the heap, the part of the publisher's memory that is the
	 * caller's own objects: the live heap with many fresh events held, less the live heap without them.
	 */
	private static long retainedBytesPerEvent(Payloads events) {
		int count = 20_000;
		long before = GcPauses.liveHeapBytes();
		Object[] held = new Object[count];
		for (int i = 0; i < count; i++) {
			held[i] = events.freshEvent(i);
		}
		long after = GcPauses.liveHeapBytes();
		Reference.reachabilityFence(held);
		// Less the array that holds them: one reference each.
		return Math.max(0, (after - before) / count - 4);
	}

	private String topic(String name) {
		this.broker.createTopic(name, PARTITIONS, TOPIC_CONFIG);
		this.newTopics++;
		return name;
	}

	private void log(String format, Object... arguments) {
		this.log.println(String.format(Locale.ROOT, format, arguments));
		this.log.flush();
	}

}
