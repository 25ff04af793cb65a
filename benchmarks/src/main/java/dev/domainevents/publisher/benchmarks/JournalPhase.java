/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.benchmarks.Results.Gate;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * The durable journal's cost (issue 13): the core publisher with the journal off, {@code on-failure} and
 * {@code write-ahead}, side by side in one run, each journal in a new directory deleted after its run.
 * <ul>
 * <li><b>Throughput</b>: closed loop at 256 B with 1 and 8 callers, as the harness's throughput phase, the three
 * modes interleaved in an order that rotates with each repetition; with the journal's group commits ({@code force}
 * calls) per second and appends per force, and its bytes per event (see {@link ThroughputSample}).</li>
 * <li><b>Spill</b>: callers publish at a fixed rate, open loop, with the {@code reject} policy and a short delivery
 * timeout; after a steady window the broker is paused ({@code SIGSTOP}) so that events time out or overflow into the
 * journal. Measured: the call time of {@code publish()} in the steady window and during the pause, and what the
 * journal took.</li>
 * </ul>
 * The journal's directory is on disk, never on tmpfs (where {@code force} costs nothing): the system property
 * {@code benchmarks.journal-dir}, else {@code /var/tmp}, else {@code java.io.tmpdir}.
 */
final class JournalPhase {

	/** The event size of every journal measurement, whatever the run's sizes. */
	static final int JSON_BYTES = 256;

	/** {@code on-failure} with Kafka healthy at least this share of the journal off. */
	static final double ON_FAILURE_TARGET = 0.97;

	/** {@code write-ahead} at least this share of the journal off. */
	static final double WRITE_AHEAD_TARGET = 0.6;

	/** publish()'s p99.9 with the journal, steady and while it spills, at most this, in µs. */
	static final double CALL_TIME_TARGET_MICROS = 1000;

	static final String STEADY = "steady";

	static final String SPILL = "spill";

	/** Every mode, the journal off first: the denominator of each ratio. */
	static final List<JournalMode> MODES = List.of(JournalMode.OFF, JournalMode.ON_FAILURE, JournalMode.WRITE_AHEAD);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

	/** The longest wait for the journal to be replayed after the resume. */
	private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

	private static final Map<String, String> TOPIC_CONFIG = Map.of("retention.bytes", Long.toString(128L << 20),
			"segment.bytes", Long.toString(32L << 20));

	/**
	 * What the phase runs.
	 * @param threadCounts closed-loop callers
	 * @param warmup warm-up of one throughput run
	 * @param measure measured window of one throughput run
	 * @param repetitions repetitions of each figure
	 * @param spillRate the spill runs' rate, events per second, all callers together
	 * @param spillThreads the spill runs' callers
	 * @param spillWarmup publishing before the steady window
	 * @param spillSteady the steady window, before the pause
	 * @param spillPause how long the broker is paused
	 * @param deliveryTimeout the spill runs' delivery timeout: shorter than the pause, so that events spill
	 */
	record Config(List<Integer> threadCounts, Duration warmup, Duration measure, int repetitions, double spillRate,
			int spillThreads, Duration spillWarmup, Duration spillSteady, Duration spillPause,
			Duration deliveryTimeout) {

		static Config of(Settings settings) {
			if (settings.isSmoke()) {
				return new Config(List.of(1, 8), Duration.ofMillis(200), Duration.ofMillis(400), 1,
						Math.min(2_000, settings.maxRate()), 2, Duration.ofMillis(200), Duration.ofMillis(300),
						Duration.ofMillis(1000), Duration.ofMillis(500));
			}
			return new Config(List.of(1, 8), settings.throughputWarmup(), settings.throughputMeasure(),
					settings.repetitions(), 5_000, 2, Duration.ofMillis(1500), Duration.ofMillis(2500),
					Duration.ofSeconds(4), Duration.ofSeconds(1));
		}

	}

	private final Config config;

	private final ProcessKafkaBroker broker;

	private final Duration requestTimeout;

	private final PrintStream log;

	private final Payloads payloads;

	private final Path root;

	private final Results results;

	JournalPhase(Config config, ProcessKafkaBroker broker, Duration requestTimeout, Results results,
			PrintStream log) {
		this.config = config;
		this.broker = broker;
		this.requestTimeout = requestTimeout;
		this.results = results;
		this.log = log;
		this.payloads = Payloads.of(JSON_BYTES, JsonMapper.builder().findAndAddModules().build());
		this.root = root();
	}

	/** Where the journals go: on disk, not on tmpfs. */
	private static Path root() {
		String configured = System.getProperty("benchmarks.journal-dir");
		if (configured != null) {
			return Path.of(configured);
		}
		Path varTmp = Path.of("/var/tmp");
		if (Files.isDirectory(varTmp) && Files.isWritable(varTmp)) {
			return varTmp;
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/** Runs the warm-up, the throughput runs and the spill runs, and adds their samples to the results. */
	void run() {
		String topic = "bench-journal";
		this.broker.createTopic(topic, 3, TOPIC_CONFIG);
		this.results.journalFileSystem = describe(this.root);
		log("journal     directories under %s", this.results.journalFileSystem);
		long start = System.nanoTime();
		warmUp(topic);
		long throughputStart = System.nanoTime();
		throughput(topic);
		long spillStart = System.nanoTime();
		spill(topic);
		this.results.journalSeconds = new double[] { Clock.seconds(throughputStart - start),
				Clock.seconds(spillStart - throughputStart), Clock.seconds(System.nanoTime() - spillStart) };
	}

	private static String describe(Path root) {
		try {
			FileStore store = Files.getFileStore(root);
			return root + " (" + store.type() + " on " + store.name() + ")";
		}
		catch (IOException ex) {
			return root.toString();
		}
	}

	/** Every mode once, unrecorded: none pays for loading and compiling the journal's code in a measured run. */
	private void warmUp(String topic) {
		for (JournalMode mode : MODES) {
			try (Journaled run = new Journaled(mode, topic, OverflowPolicy.BLOCK, null)) {
				ClosedLoop.run(run.sender, 2, this.config.warmup(), this.config.warmup(), this.broker.pid());
			}
		}
	}

	private void throughput(String topic) {
		for (int repetition = 0; repetition < this.config.repetitions(); repetition++) {
			for (int t = 0; t < this.config.threadCounts().size(); t++) {
				int threads = this.config.threadCounts().get(t);
				for (JournalMode mode : rotated(repetition + t)) {
					ThroughputSample sample;
					try (Journaled run = new Journaled(mode, topic, OverflowPolicy.BLOCK, null)) {
						JournalWindow window = new JournalWindow(run);
						ClosedLoop.Result result = ClosedLoop.run(run.sender, threads, this.config.warmup(),
								this.config.measure(), this.broker.pid(), window);
						if (!result.drained()) {
							log("  not drained: %s", run.sender.state());
						}
						sample = window.sample(repetition, mode, threads, result);
					}
					this.results.journalThroughput.add(sample);
					log("journal     rep %d  %d thread%s  %-11s %,10.0f events/s  cpu/event %.2f µs  forces/s %,.0f  "
							+ "appends/force %.1f  force mean %.0f µs  journal %.0f B/event, dirtied %.0f B/event%s",
							repetition + 1, threads, (threads == 1) ? " " : "s", label(mode), sample.eventsPerSecond(),
							sample.clientMicrosPerEvent(), sample.forcesPerSecond(), sample.appendsPerForce(),
							sample.forceMeanMicros(), sample.journalBytesPerEvent(), sample.dirtiedBytesPerEvent(),
							(sample.failures() > 0) ? "  (" + sample.failures() + " failed)" : "");
				}
			}
		}
	}

	private void spill(String topic) {
		for (int repetition = 0; repetition < this.config.repetitions(); repetition++) {
			for (JournalMode mode : rotated(repetition)) {
				SpillSample sample = spillOnce(repetition, mode, topic);
				this.results.journalSpill.add(sample);
				for (CallFigures calls : List.of(sample.steady(), sample.spill())) {
					log("journal     rep %d  %-6s %-11s p50 %7.1f  p99 %7.1f  p99.9 %8.1f  max %,10.1f µs  (%,d calls)",
							repetition + 1, calls.condition(), label(mode), calls.p50Micros(), calls.p99Micros(),
							calls.p999Micros(), calls.maxMicros(), calls.count());
				}
				log("journal     rep %d  spill  %-11s %,d journaled receipts, %,d appended in the pause, held at resume "
						+ "%,d events / %s MiB, %d refused, %d failed, replayed in %.2f s, forces in the pause %,d "
						+ "(longest of the run %.1f ms), GC %d (longest %d ms)%s", repetition + 1, label(mode),
						sample.journaledReceipts(), sample.appendedInPause(), sample.heldEventsAtResume(),
						Report.mebibytes(sample.heldBytesAtResume()), sample.refused(), sample.failed(),
						sample.replayMillis() / 1e3, sample.forcesInPause(), sample.forceMaxMicros() / 1e3,
						sample.gcCount(), sample.gcLongestMillis(), sample.drained() ? "" : "  (not drained)");
			}
		}
	}

	private SpillSample spillOnce(int repetition, JournalMode mode, String topic) {
		Config config = this.config;
		try (Journaled run = new Journaled(mode, topic, OverflowPolicy.REJECT, config.deliveryTimeout())) {
			LongAdder journaled = new LongAdder();
			OpenLoop load = OpenLoop.controlled((slot, outcome) -> run.sender.publisher
				.publish(this.payloads.event(slot))
				.whenComplete((receipt, error) -> {
					if (receipt != null && receipt.isJournaled()) {
						journaled.increment();
					}
					outcome.completed(error);
				}), config.spillThreads(), config.spillRate(), 3);
			Clock.park(config.spillWarmup());
			load.enter(1);
			Clock.park(config.spillSteady());
			load.enter(2);
			long pauseFrom = GcPauses.uptimeMillis();
			@Nullable JournalState beforePause = run.sender.publisher.journal();
			@Nullable JournalState atResume;
			long resumeAt;
			this.broker.pause();
			try {
				Clock.park(config.spillPause());
			}
			finally {
				atResume = run.sender.publisher.journal();
				resumeAt = System.nanoTime();
				this.broker.resume();
			}
			long pauseTo = GcPauses.uptimeMillis();
			load.stop();
			boolean drained = load.awaitCompletions(DRAIN_TIMEOUT);
			boolean replayed = Clock.await(() -> {
				JournalState state = run.sender.publisher.journal();
				return (state == null || state.heldEvents() == 0) && run.sender.publisher.stats().pending() == 0;
			}, REPLAY_TIMEOUT);
			double replayMillis = (System.nanoTime() - resumeAt) / 1e6;
			if (!drained || !replayed) {
				log("  not drained: %d sent, %s, journal %s", load.sent(), run.sender.state(),
						run.sender.publisher.journal());
			}
			GcPauses.Summary gc = GcPauses.get().between(pauseFrom, pauseTo);
			JournalState end = run.sender.publisher.journal();
			return new SpillSample(repetition, mode, CallFigures.of(STEADY, load.callTimes(1)),
					CallFigures.of(SPILL, load.callTimes(2)), load.refused(1) + load.refused(2),
					load.failed(1) + load.failed(2), journaled.sum(),
					(atResume != null && beforePause != null) ? atResume.appended() - beforePause.appended() : 0,
					(atResume != null) ? atResume.heldEvents() : 0, (atResume != null) ? atResume.heldBytes() : 0,
					(atResume != null && beforePause != null) ? atResume.forces() - beforePause.forces() : 0,
					(end != null) ? end.forceTimeMax().toNanos() / 1e3 : Double.NaN, replayMillis, gc.count(),
					gc.longestMillis(), drained && replayed);
		}
	}

	private static List<JournalMode> rotated(int by) {
		List<JournalMode> order = new ArrayList<>();
		for (int i = 0; i < MODES.size(); i++) {
			order.add(MODES.get((i + by) % MODES.size()));
		}
		return order;
	}

	static String label(JournalMode mode) {
		return switch (mode) {
			case OFF -> "off";
			case ON_FAILURE -> "on-failure";
			case WRITE_AHEAD -> "write-ahead";
		};
	}

	/** A publisher with the journal in a mode, in a new directory that is deleted when it is closed. */
	private final class Journaled implements AutoCloseable {

		final Sender.Publisher sender;

		final @Nullable Path directory;

		Journaled(JournalMode mode, String topic, OverflowPolicy policy, @Nullable Duration deliveryTimeout) {
			try {
				Files.createDirectories(JournalPhase.this.root);
				this.directory = (mode != JournalMode.OFF)
						? Files.createTempDirectory(JournalPhase.this.root, "bench-journal-") : null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Path directory = this.directory;
			this.sender = new Sender.Publisher(JournalPhase.this.broker.bootstrapServers(), topic,
					JournalPhase.this.payloads, policy, JournalPhase.this.requestTimeout, (builder) -> {
						if (directory != null) {
							builder.journal(mode, directory).replayBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
						}
						if (deliveryTimeout != null) {
							builder.deliveryTimeout(deliveryTimeout);
						}
						return builder;
					});
		}

		@Override
		public void close() {
			try {
				this.sender.close();
			}
			finally {
				if (this.directory != null) {
					deleteRecursively(this.directory);
				}
			}
		}

	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

	/** The journal's counters and the process's written bytes at the start and the end of a measured window. */
	private static final class JournalWindow implements ClosedLoop.Window {

		private final Journaled run;

		private @Nullable JournalState first;

		private @Nullable JournalState last;

		private long firstNanos;

		private long lastNanos;

		private long firstWritten;

		private long lastWritten;

		private double segmentBytesPerRecord = Double.NaN;

		JournalWindow(Journaled run) {
			this.run = run;
		}

		@Override
		public void started() {
			this.firstWritten = writtenBytes();
			this.first = this.run.sender.publisher.journal();
			this.firstNanos = System.nanoTime();
		}

		@Override
		public void ending() {
			this.lastNanos = System.nanoTime();
			this.last = this.run.sender.publisher.journal();
			this.lastWritten = writtenBytes();
			if (this.last != null && this.run.directory != null) {
				this.segmentBytesPerRecord = segmentBytesPerRecord(this.run.directory, this.last.appended());
			}
		}

		ThroughputSample sample(int repetition, JournalMode mode, int threads, ClosedLoop.Result result) {
			double seconds = Clock.seconds(this.lastNanos - this.firstNanos);
			JournalState first = this.first;
			JournalState last = this.last;
			long appended = (first != null && last != null) ? last.appended() - first.appended() : 0;
			long forces = (first != null && last != null) ? last.forces() - first.forces() : 0;
			double forceNanos = (first != null && last != null)
					? last.forceTimeTotal().minus(first.forceTimeTotal()).toNanos() : 0;
			double dirtied = (this.firstWritten >= 0 && this.lastWritten >= 0 && appended > 0)
					? (double) (this.lastWritten - this.firstWritten) / appended : Double.NaN;
			return new ThroughputSample(repetition, mode, threads, result.eventsPerSecond(), result.failures(),
					result.clientMicrosPerEvent(), seconds, appended, forces,
					(forces > 0) ? forceNanos / forces / 1e3 : Double.NaN,
					(last != null) ? last.forceTimeMax().toNanos() / 1e3 : Double.NaN,
					(appended > 0) ? this.segmentBytesPerRecord : Double.NaN, dirtied);
		}

	}

	/**
	 * The journal's bytes per record on disk: the segment files' sizes (headers included) over the records they hold.
	 * Positions grow by one per record from 0 in a new directory, and a segment's name is its first position, so the
	 * files on disk hold the records from the oldest segment's first position up to {@code appended}.
	 */
	static double segmentBytesPerRecord(Path directory, long appended) {
		long bytes = 0;
		long oldest = Long.MAX_VALUE;
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				if (name.matches("\\d{20}\\.journal")) {
					bytes += Files.size(file);
					oldest = Math.min(oldest, Long.parseLong(name.substring(0, 20)));
				}
			}
		}
		catch (IOException ex) {
			// A segment deleted while listed: no figure this time.
			return Double.NaN;
		}
		long records = appended - oldest;
		return (oldest == Long.MAX_VALUE || records <= 0) ? Double.NaN : (double) bytes / records;
	}

	/**
	 * The bytes this process caused to be sent to storage ({@code write_bytes} of {@code /proc/self/io}: pages
	 * dirtied, 4 KiB each time a forced page is written again), or -1 where unknown.
	 */
	static long writtenBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
				if (line.startsWith("write_bytes:")) {
					return Long.parseLong(line.substring("write_bytes:".length()).trim());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or not readable.
		}
		return -1;
	}

	private void log(String format, Object... arguments) {
		this.log.println(String.format(Locale.ROOT, format, arguments));
		this.log.flush();
	}

	/**
	 * One closed-loop run of one mode.
	 *
	 * @param repetition the repetition
	 * @param mode the journal's mode
	 * @param threads caller threads
	 * @param eventsPerSecond futures completed successfully per second in the measured window
	 * @param failures futures that failed in it
	 * @param clientMicrosPerEvent CPU time of the harness JVM per completed event
	 * @param seconds the measured window, as the journal's counters saw it
	 * @param appended events the journal appended in the window
	 * @param forces its {@code force} calls (group commits) in the window
	 * @param forceMeanMicros their mean time
	 * @param forceMaxMicros the longest {@code force} of the run, warm-up included
	 * @param journalBytesPerEvent segment bytes on disk per record, at the end of the window
	 * @param dirtiedBytesPerEvent the harness JVM's {@code write_bytes} in the window per appended event
	 */
	record ThroughputSample(int repetition, JournalMode mode, int threads, double eventsPerSecond, long failures,
			double clientMicrosPerEvent, double seconds, long appended, long forces, double forceMeanMicros,
			double forceMaxMicros, double journalBytesPerEvent, double dirtiedBytesPerEvent) {

		double forcesPerSecond() {
			return (this.seconds > 0) ? this.forces / this.seconds : Double.NaN;
		}

		double appendsPerForce() {
			return (this.forces > 0) ? (double) this.appended / this.forces : Double.NaN;
		}

	}

	/** The call times of {@code publish()} in one window, µs. */
	record CallFigures(String condition, long count, double p50Micros, double p99Micros, double p999Micros,
			double maxMicros) {

		static CallFigures of(String condition, Histogram nanos) {
			return new CallFigures(condition, nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e3,
					nanos.getValueAtPercentile(99) / 1e3, nanos.getValueAtPercentile(99.9) / 1e3,
					nanos.getMaxValue() / 1e3);
		}

	}

	/**
	 * One spill run of one mode.
	 *
	 * @param repetition the repetition
	 * @param mode the journal's mode
	 * @param steady publish()'s call times before the pause
	 * @param spill its call times during the pause
	 * @param refused calls refused (QUEUE_FULL) in both windows
	 * @param failed futures that failed in both windows
	 * @param journaledReceipts futures that completed with a journaled receipt
	 * @param appendedInPause events the journal appended during the pause
	 * @param heldEventsAtResume events held by the journal when the broker resumed
	 * @param heldBytesAtResume bytes of its segments then
	 * @param forcesInPause {@code force} calls during the pause
	 * @param forceMaxMicros the longest {@code force} of the run
	 * @param replayMillis from the resume until the journal was empty and nothing pending
	 * @param gcCount GC pauses that started during the pause
	 * @param gcLongestMillis the longest of them
	 * @param drained whether every future completed and the journal was replayed
	 */
	record SpillSample(int repetition, JournalMode mode, CallFigures steady, CallFigures spill, long refused,
			long failed, long journaledReceipts, long appendedInPause, long heldEventsAtResume, long heldBytesAtResume,
			long forcesInPause, double forceMaxMicros, double replayMillis, long gcCount, long gcLongestMillis,
			boolean drained) {

		CallFigures calls(String condition) {
			return STEADY.equals(condition) ? this.steady : this.spill;
		}

	}

	static Spread throughput(List<ThroughputSample> samples, JournalMode mode, int threads,
			ToDoubleFunction<ThroughputSample> figure) {
		return Spread.of(samples.stream()
			.filter((s) -> s.mode() == mode && s.threads() == threads)
			.mapToDouble(figure)
			.filter((value) -> !Double.isNaN(value))
			.boxed()
			.toList());
	}

	/** The ratio of a mode's throughput to the journal off's, each repetition on its own: their spread. */
	static Spread ratioToOff(List<ThroughputSample> samples, JournalMode mode, int threads) {
		List<Double> ratios = new ArrayList<>();
		for (ThroughputSample sample : samples) {
			if (sample.mode() != mode || sample.threads() != threads) {
				continue;
			}
			samples.stream()
				.filter((off) -> off.mode() == JournalMode.OFF && off.threads() == threads
						&& off.repetition() == sample.repetition())
				.findFirst()
				.ifPresent((off) -> ratios.add(sample.eventsPerSecond() / off.eventsPerSecond()));
		}
		return Spread.of(ratios);
	}

	static Spread spill(List<SpillSample> samples, JournalMode mode, String condition,
			ToDoubleFunction<CallFigures> figure) {
		return Spread.of(samples.stream()
			.filter((s) -> s.mode() == mode)
			.map((s) -> figure.applyAsDouble(s.calls(condition)))
			.toList());
	}

	static Spread spillFigure(List<SpillSample> samples, JournalMode mode, ToDoubleFunction<SpillSample> figure) {
		return Spread.of(samples.stream().filter((s) -> s.mode() == mode).map(figure::applyAsDouble).toList());
	}

	/** The journal's three targets, from this run's own figures. */
	static void gates(List<Gate> gates, List<ThroughputSample> throughput, List<SpillSample> spill) {
		if (!throughput.isEmpty()) {
			ratioGate(gates, "Journal on-failure, Kafka healthy ≥ " + Report.ratio(ON_FAILURE_TARGET)
					+ " × journal off, 256 B", throughput, JournalMode.ON_FAILURE, ON_FAILURE_TARGET, "");
			StringBuilder forces = new StringBuilder();
			for (int threads : threadCounts(throughput)) {
				forces.append(String.format(Locale.ROOT, "; %dt: %,.0f forces/s, %.1f appends/force, %.0f B/event",
						threads,
						throughput(throughput, JournalMode.WRITE_AHEAD, threads, ThroughputSample::forcesPerSecond).median(),
						throughput(throughput, JournalMode.WRITE_AHEAD, threads, ThroughputSample::appendsPerForce).median(),
						throughput(throughput, JournalMode.WRITE_AHEAD, threads, ThroughputSample::journalBytesPerEvent)
							.median()));
			}
			ratioGate(gates, "Journal write-ahead ≥ " + Report.ratio(WRITE_AHEAD_TARGET) + " × journal off, 256 B",
					throughput, JournalMode.WRITE_AHEAD, WRITE_AHEAD_TARGET, forces.toString());
		}
		if (!spill.isEmpty()) {
			List<String> measured = new ArrayList<>();
			boolean met = true;
			for (JournalMode mode : List.of(JournalMode.ON_FAILURE, JournalMode.WRITE_AHEAD)) {
				Spread steady = spill(spill, mode, STEADY, CallFigures::p999Micros);
				Spread spilling = spill(spill, mode, SPILL, CallFigures::p999Micros);
				if (steady.isEmpty()) {
					continue;
				}
				met &= steady.median() <= CALL_TIME_TARGET_MICROS && spilling.median() <= CALL_TIME_TARGET_MICROS;
				measured.add(label(mode) + " steady " + Report.micros(steady.median()) + " ("
						+ Report.micros(steady.min()) + "–" + Report.micros(steady.max()) + "), spill "
						+ Report.micros(spilling.median()) + " (" + Report.micros(spilling.min()) + "–"
						+ Report.micros(spilling.max()) + ") µs");
			}
			if (!measured.isEmpty()) {
				gates.add(new Gate("publish() call p99.9 ≤ 1 ms with the journal, steady and while it spills during a "
						+ "broker pause", String.join("; ", measured), met));
			}
		}
	}

	private static void ratioGate(List<Gate> gates, String target, List<ThroughputSample> samples, JournalMode mode,
			double least, String more) {
		List<String> measured = new ArrayList<>();
		boolean met = true;
		for (int threads : threadCounts(samples)) {
			Spread top = throughput(samples, mode, threads, ThroughputSample::eventsPerSecond);
			Spread bottom = throughput(samples, JournalMode.OFF, threads, ThroughputSample::eventsPerSecond);
			if (top.isEmpty() || bottom.isEmpty()) {
				continue;
			}
			double ratio = top.median() / bottom.median();
			Spread each = ratioToOff(samples, mode, threads);
			met &= ratio >= least;
			measured.add(threads + "t: " + Report.ratio(ratio) + " (" + Report.ratio(each.min()) + "–"
					+ Report.ratio(each.max()) + ")");
		}
		if (!measured.isEmpty()) {
			gates.add(new Gate(target, String.join(", ", measured) + more, met));
		}
	}

	static List<Integer> threadCounts(List<ThroughputSample> samples) {
		return samples.stream().map(ThroughputSample::threads).distinct().sorted().toList();
	}

}
