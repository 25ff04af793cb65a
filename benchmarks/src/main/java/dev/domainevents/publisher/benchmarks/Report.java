/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.benchmarks.Results.AllocationSample;
import dev.domainevents.publisher.benchmarks.Results.CallSample;
import dev.domainevents.publisher.benchmarks.Results.Gate;
import dev.domainevents.publisher.benchmarks.Results.LatencySample;
import dev.domainevents.publisher.benchmarks.Results.MemorySample;
import dev.domainevents.publisher.benchmarks.Results.ThroughputSample;

/**
 * Writes {@code results.md}: the targets first (the table the README shows), then every figure as the median of the
 * repetitions with the spread from least to greatest.
 */
final class Report {

	/** The Markdown file's name. */
	static final String MARKDOWN = "results.md";

	private final Results results;

	private final StringBuilder out = new StringBuilder();

	private Report(Results results) {
		this.results = results;
	}

	/**
	 * Writes the Markdown report.
	 * @param results what was measured
	 * @param directory where to write
	 * @param chartFile the chart's file name, linked from the report
	 * @return the report's file
	 */
	static Path write(Results results, Path directory, String chartFile) {
		Report report = new Report(results);
		report.render(chartFile);
		Path file = directory.resolve(MARKDOWN);
		try {
			Files.createDirectories(directory);
			Files.writeString(file, report.out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
		return file;
	}

	private void render(String chartFile) {
		Settings settings = this.results.settings;
		line("# Benchmark results");
		line("");
		line("Measured " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC))
				+ " (" + settings.name() + " run) on: " + this.results.machine.describe() + ".");
		line("");
		boolean tmpfs = System.getProperty("java.io.tmpdir", "").startsWith("/dev/shm");
		line("Broker: single-node KRaft (kafka 4.1) in a child JVM on the same machine, with the JVM options of Kafka's start "
				+ "scripts (" + String.join(" ", Main.BROKER_JVM_OPTIONS) + ")" + (tmpfs ? ", its log on tmpfs" : "")
				+ ", topics of 3 partitions. "
				+ "Every peer gets a new client per run and the same producer settings: " + ProducerSettings.describe(settings.requestTimeout())
				+ ". Events are JSON of a fixed size with six CloudEvents headers; the publisher serializes them itself, "
				+ "the raw producer and KafkaTemplate get the same JSON bytes and headers ready-made. Each figure is the median "
				+ "of " + settings.repetitions() + " repetition" + (settings.repetitions() == 1 ? "" : "s")
				+ " with the spread (least–greatest) in brackets; peers are interleaved, in an order that rotates with each "
				+ "repetition.");
		line("");
		// A run of the resume or idle measurement alone (Main --resume-only, --idle-only) has no chart and no tables
		// but its own.
		boolean harness = !this.results.throughput.isEmpty();
		if (harness) {
			line("![Throughput, latency and call time](" + chartFile + ")");
			line("");
		}
		targets();
		if (harness) {
			throughput();
			UsersViewReport.lines(this.results).forEach(this::line);
		}
		if (!this.results.latency.isEmpty()) {
			latency();
		}
		if (!this.results.besideMissingTopic.isEmpty()) {
			besideMissingTopic();
		}
		if (!this.results.callTimes.isEmpty()) {
			callTimes();
		}
		memory();
		resume();
		idle();
		journal();
		if (harness || !this.results.allocation.isEmpty()) {
			allocation();
		}
	}

	private void targets() {
		line("## Targets");
		line("");
		line("| Target | Measured (ratio of medians, same run) | Result |");
		line("|---|---|---|");
		for (Gate gate : this.results.gates()) {
			line("| " + gate.target() + " | " + gate.measured() + " | **" + gate.verdict() + "** |");
		}
		line("");
	}

	private void throughput() {
		line("## Throughput");
		line("");
		line("Completed futures per second; callers send as fast as each peer lets them (" + seconds(this.results.settings.throughputMeasure())
				+ " measured after " + seconds(this.results.settings.throughputWarmup())
				+ " of warm-up; the publisher with the `block` policy, the others blocking on `buffer.memory`).");
		line("");
		line("| Event | Caller threads | DomainEventPublisher | KafkaProducer (raw) | KafkaTemplate | Publisher / raw | Template / raw |");
		line("|---|---|---|---|---|---|---|");
		for (int size : this.results.settings.jsonSizes()) {
			for (int threads : this.results.settings.threadCounts()) {
				Spread publisher = this.results.throughput(Peer.PUBLISHER, size, threads);
				Spread raw = this.results.throughput(Peer.RAW, size, threads);
				Spread template = this.results.throughput(Peer.TEMPLATE, size, threads);
				line("| " + size(size) + " | " + threads + " | " + rate(publisher) + " | " + rate(raw) + " | "
						+ rate(template) + " | " + ratio(publisher.median() / raw.median()) + " | "
						+ ratio(template.median() / raw.median()) + " |");
			}
		}
		line("");
		line("CPU time per completed event in the same runs, µs: of the harness JVM (caller threads, the client's own "
				+ "threads, GC) and of the broker's JVM. The two share the machine's cores, so what a client spends "
				+ "per event is taken from the broker.");
		line("");
		line("| Event | Caller threads | DomainEventPublisher | KafkaProducer (raw) | KafkaTemplate | Broker, with the publisher | Broker, with raw |");
		line("|---|---|---|---|---|---|---|");
		for (int size : this.results.settings.jsonSizes()) {
			for (int threads : this.results.settings.threadCounts()) {
				line("| " + size(size) + " | " + threads + " | "
						+ cpu(this.results.throughput(Peer.PUBLISHER, size, threads, ThroughputSample::clientMicrosPerEvent))
						+ " | " + cpu(this.results.throughput(Peer.RAW, size, threads, ThroughputSample::clientMicrosPerEvent))
						+ " | " + cpu(this.results.throughput(Peer.TEMPLATE, size, threads, ThroughputSample::clientMicrosPerEvent))
						+ " | " + cpu(this.results.throughput(Peer.PUBLISHER, size, threads, ThroughputSample::brokerMicrosPerEvent))
						+ " | " + cpu(this.results.throughput(Peer.RAW, size, threads, ThroughputSample::brokerMicrosPerEvent))
						+ " |");
			}
		}
		line("");
	}

	private static String cpu(Spread spread) {
		if (spread.isEmpty()) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", spread.median(), spread.min(), spread.max());
	}

	private void latency() {
		Settings settings = this.results.settings;
		line("## Latency");
		line("");
		line("Publish to completion of the future, " + size(settings.latencyJsonBytes()) + " events, open loop: "
				+ settings.openLoopThreads() + " caller threads send at a fixed rate, and each latency is timed from the "
				+ "send's intended time (HdrHistogram), so that a stalled caller does not hide the delay of the sends behind it. "
				+ "The rates are shares of the raw producer's ceiling, " + String.format(Locale.ROOT, "%,.0f", this.results.ceiling)
				+ " events/s; " + seconds(settings.latencyMeasure()) + " measured after " + seconds(settings.latencyWarmup())
				+ " of warm-up. Milliseconds.");
		line("");
		line("| Load | Rate (events/s) | Peer | p50 | p99 | p99.9 | max |");
		line("|---|---|---|---|---|---|---|");
		for (int percent : settings.loadPercents()) {
			for (Peer peer : Peer.core()) {
				Spread rate = this.results.latency(peer, percent, LatencySample::rate);
				if (rate.isEmpty()) {
					continue;
				}
				line("| " + percent + "% | " + String.format(Locale.ROOT, "%,.0f", rate.median()) + " | " + peer.label()
						+ " | " + ms(peer, percent, LatencySample::p50Millis) + " | "
						+ ms(peer, percent, LatencySample::p99Millis) + " | " + ms(peer, percent, LatencySample::p999Millis)
						+ " | " + ms(peer, percent, LatencySample::maxMillis) + " |");
			}
		}
		line("");
	}

	private void besideMissingTopic() {
		Settings settings = this.results.settings;
		int percent = settings.loadPercents().get(0);
		line("## Latency beside a topic without metadata");
		line("");
		line("The publisher at " + percent + "% of the ceiling, as in the latency table, while beside each of its events "
				+ "it publishes one more to a topic that does not exist: those wait for metadata (or, beyond their topic's "
				+ "share of the queue, fail at once) and must not hold the others back. Milliseconds, from the intended "
				+ "time of the send.");
		line("");
		line("| Condition | p50 | p99 | p99.9 | max |");
		line("|---|---|---|---|---|");
		line("| alone | " + ms(Peer.PUBLISHER, percent, LatencySample::p50Millis) + " | "
				+ ms(Peer.PUBLISHER, percent, LatencySample::p99Millis) + " | "
				+ ms(Peer.PUBLISHER, percent, LatencySample::p999Millis) + " | "
				+ ms(Peer.PUBLISHER, percent, LatencySample::maxMillis) + " |");
		line("| beside a missing topic | " + besideMs(LatencySample::p50Millis) + " | "
				+ besideMs(LatencySample::p99Millis) + " | " + besideMs(LatencySample::p999Millis) + " | "
				+ besideMs(LatencySample::maxMillis) + " |");
		line("");
	}

	private String besideMs(ToDoubleFunction<LatencySample> figure) {
		Spread spread = this.results.besideMissingTopic(figure);
		return millis(spread.median()) + " (" + millis(spread.min()) + "–" + millis(spread.max()) + ")";
	}

	private String ms(Peer peer, int percent, ToDoubleFunction<LatencySample> figure) {
		Spread spread = this.results.latency(peer, percent, figure);
		return millis(spread.median()) + " (" + millis(spread.min()) + "–" + millis(spread.max()) + ")";
	}

	private void callTimes() {
		Settings settings = this.results.settings;
		line("## Call time of publish() and send()");
		line("");
		line("How long the caller's thread spends in the call, " + settings.openLoopThreads() + " caller threads at "
				+ String.format(Locale.ROOT, "%,.0f", this.results.callRate) + " events/s together ("
				+ settings.callLoadPercent() + "% of the ceiling), " + size(settings.latencyJsonBytes()) + " events: "
				+ seconds(settings.callNormal()) + " under normal load, then " + seconds(settings.callPause())
				+ " with the broker paused (`SIGSTOP`). The publisher uses the `reject` policy; the raw producer and the "
				+ "template block for `buffer.memory` (`max.block.ms` 60 s). Microseconds. The GC column gives the "
				+ "collections that started in the window and the longest of them (the full record is `gc.log`), "
				+ "to set beside the max.");
		line("");
		line("| Condition | Peer | calls | refused | p50 | p99 | p99.9 | max | GC (count, longest) |");
		line("|---|---|---|---|---|---|---|---|---|");
		for (String condition : List.of(Harness.NORMAL, Harness.PAUSE)) {
			for (Peer peer : Peer.core()) {
				Spread count = this.results.callTime(peer, condition, CallSample::count);
				if (count.isEmpty()) {
					continue;
				}
				line("| " + condition + " | " + peer.label() + " | " + String.format(Locale.ROOT, "%,.0f", count.median())
						+ " | " + String.format(Locale.ROOT, "%,.0f", this.results.callTime(peer, condition, CallSample::refused).median())
						+ " | " + us(peer, condition, CallSample::p50Micros) + " | " + us(peer, condition, CallSample::p99Micros)
						+ " | " + us(peer, condition, CallSample::p999Micros) + " | " + us(peer, condition, CallSample::maxMicros)
						+ " | " + String.format(Locale.ROOT, "%.0f, %.0f ms",
								this.results.callTime(peer, condition, CallSample::gcCount).median(),
								this.results.callTime(peer, condition, CallSample::gcLongestMillis).max())
						+ " |");
			}
		}
		line("");
	}

	private String us(Peer peer, String condition, ToDoubleFunction<CallSample> figure) {
		Spread spread = this.results.callTime(peer, condition, figure);
		return micros(spread.median()) + " (" + micros(spread.min()) + "–" + micros(spread.max()) + ")";
	}

	private void memory() {
		if (this.results.memory.isEmpty()) {
			return;
		}
		Settings settings = this.results.settings;
		MemorySample first = this.results.memory.get(0);
		line("## Memory during a broker pause");
		line("");
		line("The publisher with its default bounds (queue 10,000 events or 16 MiB, in-flight window half of "
				+ "`buffer.memory`), the `reject` policy, and a fixed heap (" + this.results.machine.jvmOptions() + "). "
				+ "The broker is paused for " + seconds(settings.memoryPause()) + " while " + settings.openLoopThreads()
				+ " threads offer " + String.format(Locale.ROOT, "%,.0f", this.results.memoryRate) + " new "
				+ size(settings.latencyJsonBytes()) + " events/s (" + settings.memoryLoadPercent()
				+ "% of the ceiling; the paused broker takes none). Measured: the live heap after a full GC at the end of "
				+ "the pause, less the live heap with the publisher built, warmed up and idle. Bound: the queue's bytes "
				+ "(estimated record bytes) + `buffer.memory` + the pending events' own objects (" + first.retainedBytesPerEvent()
				+ " bytes each, measured). MiB.");
		line("");
		line("| Live above idle | Queue bytes | buffer.memory | Retained events | Bound | Ratio | Pending (queued + in flight) | Calls, refused |");
		line("|---|---|---|---|---|---|---|---|");
		line("| " + mib(MemorySample::measuredBytes) + " | " + mib((s) -> s.queuedBytes()) + " | "
				+ mebibytes(first.bufferMemory()) + " | " + mib(MemorySample::retainedEventBytes) + " | "
				+ mib(MemorySample::boundBytes) + " | " + spread(this.results.memory(MemorySample::ratio), "%.2f") + " | "
				+ spread(this.results.memory((s) -> s.pending()), "%,.0f") + " ("
				+ String.format(Locale.ROOT, "%,.0f + %,.0f", this.results.memory((s) -> s.queuedEvents()).median(),
						this.results.memory((s) -> s.inFlightEvents()).median())
				+ ") | " + String.format(Locale.ROOT, "%,.0f, %,.0f", this.results.memory((s) -> s.offered()).median(),
						this.results.memory((s) -> s.refused()).median())
				+ " |");
		line("");
	}

	private String mib(ToDoubleFunction<MemorySample> figure) {
		Spread spread = this.results.memory(figure);
		return mebibytes(spread.median()) + " (" + mebibytes(spread.min()) + "–" + mebibytes(spread.max()) + ")";
	}

	private void resume() {
		if (this.results.resume.isEmpty()) {
			return;
		}
		ResumePhase.Config config = ResumePhase.Config.of(this.results.settings);
		line("## Call time at a broker resume");
		line("");
		line("How long `publish()` holds its caller while a backlog completes at once: " + config.threads()
				+ " caller threads publish " + String.format(Locale.ROOT, "%,.0f", config.rate()) + " "
				+ size(config.jsonBytes()) + " events/s, open loop, with the `reject` policy, a queue of "
				+ String.format(Locale.ROOT, "%,d", ResumePhase.MAX_QUEUED_EVENTS) + " events or "
				+ mebibytes(ResumePhase.MAX_QUEUED_BYTES) + " MiB (room for the whole backlog: the calls measure the "
				+ "locks, not the overflow policy) and a delivery timeout of " + seconds(ResumePhase.DELIVERY_TIMEOUT)
				+ " (the backlog succeeds after the resume). After " + seconds(config.warmup())
				+ " the broker is paused (`SIGSTOP`) for " + seconds(config.pause()) + ", then resumed. Measured: every "
				+ "call that starts in the window from the resume until the last event published before it has completed, "
				+ "and " + seconds(config.tail()) + " more. GC: the stop-the-world pauses that overlap the window (JFR "
				+ "`jdk.GCPhasePause`, to the µs; the full record is `gc.log`); a call that overlaps one is put down to "
				+ "the GC, and the goal, at most " + micros(ResumePhase.GOAL_MICROS) + " µs, is on the longest of the "
				+ "others. Before the pause: the calls of the second half of the warm-up, for comparison. Microseconds; "
				+ "one row per repetition.");
		line("");
		line("| Rep | Backlog at resume | Completed after | Calls (refused) | p50 | p99 | p99.9 | max | GC pauses in the window (total, longest) | Calls overlapping GC | Max apart from GC | Before the pause: p99.9, max |");
		line("|---|---|---|---|---|---|---|---|---|---|---|---|");
		for (ResumePhase.Sample sample : this.results.resume) {
			line("| " + (sample.repetition() + 1) + " | " + String.format(Locale.ROOT, "%,d", sample.backlogEvents())
					+ " | " + String.format(Locale.ROOT, "%.2f s", sample.drainMillis() / 1e3) + " | "
					+ String.format(Locale.ROOT, "%,d (%d)", sample.calls(), sample.refused()) + " | "
					+ micros(sample.p50Micros()) + " | " + micros(sample.p99Micros()) + " | "
					+ micros(sample.p999Micros()) + " | " + micros(sample.maxMicros()) + " | "
					+ String.format(Locale.ROOT, "%d (%.1f ms, %.1f ms)", sample.gcPauses(), sample.gcTotalMillis(),
							sample.gcLongestMillis())
					+ " | " + sample.callsInGc() + " | **" + micros(sample.maxApartFromGcMicros()) + "** | "
					+ micros(sample.steadyP999Micros()) + ", " + micros(sample.steadyMaxMicros()) + " |"
					+ ((sample.failed() > 0 || !sample.drained())
							? " " + sample.failed() + " failed, drained " + sample.drained() : ""));
		}
		line("");
		line("The longest calls of each repetition, from the resume, and the GC pauses in its window:");
		line("");
		for (ResumePhase.Sample sample : this.results.resume) {
			line("- rep " + (sample.repetition() + 1) + ": " + String.join("; ", sample.longestCalls()) + ". GC: "
					+ (sample.gcPauseList().isEmpty() ? "none" : String.join("; ", sample.gcPauseList())) + ".");
		}
		line("");
	}

	private void idle() {
		if (this.results.idle.isEmpty()) {
			return;
		}
		IdlePhase.Config config = IdlePhase.Config.of(this.results.settings);
		line("## Idle wake-ups");
		line("");
		line("What a publisher costs while nothing is published: one built with its defaults publishes a few events, "
				+ "waits " + seconds(config.settle()) + ", then idles for " + seconds(config.window())
				+ ". Per thread: wake-ups per second (voluntary context switches, `/proc/self/task/<tid>/status`), "
				+ "preemptions per second (involuntary ones) and CPU time (`ThreadMXBean`), ms per second. The "
				+ "producer's network thread is Kafka's, shown for reference and not in the total.");
		line("");
		for (IdlePhase.Sample sample : this.results.idle) {
			line("| Thread | Wake-ups/s | Preempted/s | CPU ms/s |");
			line("|---|---|---|---|");
			for (IdlePhase.Row row : sample.rows()) {
				line("| " + (row.reference() ? "(" + row.thread() + ")" : row.thread()) + " | "
						+ String.format(Locale.ROOT, "%.1f | %.1f | %.3f", row.wakeupsPerSecond(),
								row.preemptionsPerSecond(), row.cpuMillisPerSecond())
						+ " |");
			}
			line(String.format(Locale.ROOT, "| **Publisher's threads, total** | **%.1f** | | **%.3f** |",
					sample.wakeupsPerSecond(), sample.cpuMillisPerSecond()));
			line("");
		}
	}

	private void journal() {
		List<JournalPhase.ThroughputSample> throughput = this.results.journalThroughput;
		List<JournalPhase.SpillSample> spill = this.results.journalSpill;
		if (throughput.isEmpty() && spill.isEmpty()) {
			return;
		}
		JournalPhase.Config config = JournalPhase.Config.of(this.results.settings);
		line("## Durable journal");
		line("");
		line("The publisher with the journal off, `on-failure` and `write-ahead` side by side (issue 13), "
				+ size(JournalPhase.JSON_BYTES) + " events, each journal in a new directory under "
				+ this.results.journalFileSystem + " (on disk: on tmpfs a `force` costs nothing), deleted after its run.");
		line("");
		line("Throughput: callers send as fast as the publisher lets them (`block` policy), " + seconds(config.measure())
				+ " measured after " + seconds(config.warmup()) + " of warm-up, the three modes interleaved in an order "
				+ "that rotates with each repetition. Ratio: of the medians, with the spread of the ratios of each "
				+ "repetition (a mode against the journal off in the same repetition) in brackets. Forces: the journal's "
				+ "`force` calls (group commits) in the measured window, per second and per appended event. Journal "
				+ "bytes per event: the segment files' sizes (16-byte headers included) at the end of the window over "
				+ "the records they hold (appended − the oldest segment's first position). Dirtied bytes per event: the "
				+ "harness JVM's `write_bytes` (`/proc/self/io`: bytes of pages dirtied, a forced 4 KiB page counting "
				+ "again at each append after its force) in the window over the events appended; the disk's own "
				+ "journalling (jbd2) is not in it. CPU: of the harness JVM per completed event, µs.");
		line("");
		line("| Callers | Journal | Events/s | Ratio to off | CPU µs/event | Forces/s | Appends/force | Force mean, longest µs | Journal B/event | Dirtied B/event |");
		line("|---|---|---|---|---|---|---|---|---|---|");
		for (int threads : JournalPhase.threadCounts(throughput)) {
			for (JournalMode mode : JournalPhase.MODES) {
				Spread rate = JournalPhase.throughput(throughput, mode, threads,
						JournalPhase.ThroughputSample::eventsPerSecond);
				if (rate.isEmpty()) {
					continue;
				}
				Spread off = JournalPhase.throughput(throughput, JournalMode.OFF, threads,
						JournalPhase.ThroughputSample::eventsPerSecond);
				Spread each = JournalPhase.ratioToOff(throughput, mode, threads);
				boolean journals = mode == JournalMode.WRITE_AHEAD
						|| !JournalPhase.throughput(throughput, mode, threads, JournalPhase.ThroughputSample::appendsPerForce)
							.isEmpty();
				line("| " + threads + " | " + JournalPhase.label(mode) + " | " + rate(rate) + " | "
						+ ((mode == JournalMode.OFF) ? "1"
								: ratio(rate.median() / off.median()) + " (" + ratio(each.min()) + "–" + ratio(each.max())
										+ ")")
						+ " | " + cpu(JournalPhase.throughput(throughput, mode, threads,
								JournalPhase.ThroughputSample::clientMicrosPerEvent))
						+ " | " + (journals ? journalFigures(throughput, mode, threads) : "– | – | – | – | –") + " |");
			}
		}
		line("");
		if (!spill.isEmpty()) {
			line("Spill: " + config.spillThreads() + " callers publish " + String.format(Locale.ROOT, "%,.0f",
					config.spillRate()) + " events/s together, open loop, with the `reject` policy, the default queue "
					+ "bounds and a delivery timeout of " + seconds(config.deliveryTimeout()) + "; after "
					+ seconds(config.spillWarmup()) + " of warm-up the steady window runs " + seconds(config.spillSteady())
					+ ", then the broker is paused (`SIGSTOP`) for " + seconds(config.spillPause())
					+ ": events time out or overflow, and the journal takes them (with the journal off they fail: "
					+ "for reference). Call time of `publish()`, µs, median of the repetitions (least–greatest). "
					+ "Journaled: futures completed with a journaled receipt; appended in the pause, and held at the "
					+ "resume, from the journal's counters. Replayed: from the resume until the journal is empty and "
					+ "nothing is pending.");
			line("");
			line("| Journal | Window | Calls | p50 | p99 | p99.9 | max |");
			line("|---|---|---|---|---|---|---|");
			for (JournalMode mode : JournalPhase.MODES) {
				for (String condition : List.of(JournalPhase.STEADY, JournalPhase.SPILL)) {
					Spread count = JournalPhase.spill(spill, mode, condition, (c) -> c.count());
					if (count.isEmpty()) {
						continue;
					}
					line("| " + JournalPhase.label(mode) + " | " + condition + " | "
							+ String.format(Locale.ROOT, "%,.0f", count.median()) + " | "
							+ callUs(spill, mode, condition, JournalPhase.CallFigures::p50Micros) + " | "
							+ callUs(spill, mode, condition, JournalPhase.CallFigures::p99Micros) + " | "
							+ callUs(spill, mode, condition, JournalPhase.CallFigures::p999Micros) + " | "
							+ callUs(spill, mode, condition, JournalPhase.CallFigures::maxMicros) + " |");
				}
			}
			line("");
			line("| Journal | Journaled receipts | Appended in the pause | Held at resume (events, MiB) | Forces in the pause | Longest force, ms | Refused | Failed | Replayed in, s | GC in the pause (count, longest ms) |");
			line("|---|---|---|---|---|---|---|---|---|---|");
			for (JournalMode mode : JournalPhase.MODES) {
				if (JournalPhase.spillFigure(spill, mode, (s) -> s.refused()).isEmpty()) {
					continue;
				}
				line("| " + JournalPhase.label(mode) + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.journaledReceipts()), "%,.0f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.appendedInPause()), "%,.0f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.heldEventsAtResume()), "%,.0f") + ", "
						+ mebibytes(JournalPhase.spillFigure(spill, mode, (s) -> s.heldBytesAtResume()).median()) + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.forcesInPause()), "%,.0f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.forceMaxMicros() / 1e3), "%.1f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.refused()), "%,.0f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.failed()), "%,.0f") + " | "
						+ spread(JournalPhase.spillFigure(spill, mode, (s) -> s.replayMillis() / 1e3), "%.2f") + " | "
						+ String.format(Locale.ROOT, "%.0f, %.0f",
								JournalPhase.spillFigure(spill, mode, (s) -> s.gcCount()).median(),
								JournalPhase.spillFigure(spill, mode, (s) -> s.gcLongestMillis()).max())
						+ " |");
			}
			line("");
		}
		double[] took = this.results.journalSeconds;
		if (took.length == 3) {
			line(String.format(Locale.ROOT, "The journal phase took %.0f s: warm-up %.0f s, throughput %.0f s, spill %.0f s.",
					took[0] + took[1] + took[2], took[0], took[1], took[2]));
			line("");
		}
	}

	private static String journalFigures(List<JournalPhase.ThroughputSample> samples,
			JournalMode mode, int threads) {
		return spread(JournalPhase.throughput(samples, mode, threads, JournalPhase.ThroughputSample::forcesPerSecond),
				"%,.0f") + " | "
				+ spread(JournalPhase.throughput(samples, mode, threads, JournalPhase.ThroughputSample::appendsPerForce),
						"%.1f")
				+ " | "
				+ String.format(Locale.ROOT, "%.0f, %.0f",
						JournalPhase.throughput(samples, mode, threads, JournalPhase.ThroughputSample::forceMeanMicros)
							.median(),
						JournalPhase.throughput(samples, mode, threads, JournalPhase.ThroughputSample::forceMaxMicros)
							.max())
				+ " | "
				+ spread(JournalPhase.throughput(samples, mode, threads,
						JournalPhase.ThroughputSample::journalBytesPerEvent), "%.0f")
				+ " | " + spread(JournalPhase.throughput(samples, mode, threads,
						JournalPhase.ThroughputSample::dirtiedBytesPerEvent), "%.0f");
	}

	private static String callUs(List<JournalPhase.SpillSample> samples, JournalMode mode,
			String condition, ToDoubleFunction<JournalPhase.CallFigures> figure) {
		Spread spread = JournalPhase.spill(samples, mode, condition, figure);
		return micros(spread.median()) + " (" + micros(spread.min()) + "–" + micros(spread.max()) + ")";
	}

	private void allocation() {
		line("## Allocation per event");
		line("");
		if (this.results.allocation.isEmpty()) {
			line("Not measured in this run (JMH runs only from `benchmarks/run.sh`).");
			line("");
			return;
		}
		line("JMH with `-prof gc` (`gc.alloc.rate.norm`: bytes allocated per event by every thread of the JVM), against a "
				+ "stub producer that acknowledges each record at once, so that only the client side is measured. "
				+ "`publisher`: `publish()` through the queue, the dispatcher, `KafkaTemplate.send` and the completion of "
				+ "the future; `kafkaTemplate` and `rawProducer`: a send of the same ready-made record to the same stub; "
				+ "`jsonSerialization`: the event to JSON bytes alone. Bytes per event (± error), and µs per event.");
		line("");
		line("| Benchmark | Event | Bytes allocated per event | µs per event |");
		line("|---|---|---|---|");
		for (AllocationSample sample : this.results.allocation) {
			line("| " + sample.benchmark() + " | " + size(sample.jsonBytes()) + " | "
					+ String.format(Locale.ROOT, "%,.0f ± %,.0f", sample.bytesPerEvent(), sample.error()) + " | "
					+ String.format(Locale.ROOT, "%.2f", sample.microsPerEvent()) + " |");
		}
		line("");
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

	static String size(int jsonBytes) {
		return (jsonBytes % 1024 == 0) ? (jsonBytes / 1024) + " KiB" : jsonBytes + " B";
	}

	static String rate(Spread spread) {
		if (spread.isEmpty()) {
			return "–";
		}
		return String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", spread.median(), spread.min(), spread.max());
	}

	static String spread(Spread spread, String format) {
		return String.format(Locale.ROOT, format, spread.median()) + " (" + String.format(Locale.ROOT, format, spread.min())
				+ "–" + String.format(Locale.ROOT, format, spread.max()) + ")";
	}

	static String ratio(double ratio) {
		return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
	}

	static String millis(double millis) {
		return String.format(Locale.ROOT, (millis < 10) ? "%.2f" : "%.1f", millis);
	}

	static String micros(double micros) {
		if (micros >= 10_000) {
			return String.format(Locale.ROOT, "%,.0f", micros);
		}
		return String.format(Locale.ROOT, (micros < 10) ? "%.2f" : "%.1f", micros);
	}

	static String mebibytes(double bytes) {
		return String.format(Locale.ROOT, "%.1f", bytes / 1024 / 1024);
	}

	private static String seconds(java.time.Duration duration) {
		double seconds = duration.toMillis() / 1000.0;
		return (seconds == Math.rint(seconds)) ? String.format(Locale.ROOT, "%.0f s", seconds)
				: String.format(Locale.ROOT, "%.1f s", seconds);
	}

}
