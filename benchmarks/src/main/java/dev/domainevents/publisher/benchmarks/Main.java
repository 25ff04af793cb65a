/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import dev.domainevents.publisher.benchmarks.Results.Gate;
import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * Runs the benchmarks on a broker of its own and writes {@code results.md} and {@code chart.svg}.
 * <p>
 * {@code Main [--smoke] [--out DIR] [--jmh FILE] [--throughput-only] [--repetitions N] [--resume-only] [--idle-only]
 * [--journal-only]}:
 * {@code --smoke} runs the
 * short smoke settings, {@code --out} is where the report goes ({@code benchmarks/results} by default), and
 * {@code --jmh} names a JMH JSON result file (written with {@code -prof gc -rf json}) whose allocation figures join
 * the report. {@code --throughput-only} and {@code --repetitions} are for a quick look while tuning: a report of the
 * throughput table alone, from as many repetitions as given. {@code --resume-only} and {@code --idle-only} run
 * only the measurements of issue 10 (both if both are given, with {@code --repetitions} resume runs): the call time
 * while a backlog completes at a broker resume ({@link ResumePhase}, about 20 s a repetition) and the publisher's
 * wake-ups and CPU while idle ({@link IdlePhase}, about 15 s). {@code --journal-only} runs only the journal's
 * measurements of issue 13 ({@link JournalPhase}, about 4 minutes), and may be combined with the other two. Use
 * {@code benchmarks/run.sh},
 * which also builds, runs JMH and fixes the heap and the GC log.
 */
public final class Main {

	/** The broker's JVM options: those of Kafka's own start scripts (kafka-server-start.sh, kafka-run-class.sh). */
	static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
			"-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
			"-XX:MaxInlineLevel=15", "-XX:+ExitOnOutOfMemoryError");

	private Main() {
	}

	/** What a run measures: the harness's phases, and the two measurements of issue 10. */
	enum Part {

		/** Throughput, latency, call time and memory: {@link Harness}. */
		HARNESS,

		/** The call time while a backlog completes at a broker resume: {@link ResumePhase}. */
		RESUME,

		/** The publisher's threads' wake-ups and CPU while idle: {@link IdlePhase}. */
		IDLE,

		/** The durable journal's throughput, group commits, bytes and call time while it spills: {@link JournalPhase}. */
		JOURNAL

	}

	/**
	 * Runs the benchmarks.
	 * @param args see the class description
	 */
	public static void main(String[] args) {
		boolean smoke = false;
		Path out = Path.of("benchmarks", "results");
		@Nullable Path jmh = null;
		boolean throughputOnly = false;
		int repetitions = 0;
		Set<Part> only = EnumSet.noneOf(Part.class);
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--smoke" -> smoke = true;
				case "--out" -> out = Path.of(args[++i]);
				case "--jmh" -> jmh = Path.of(args[++i]);
				case "--throughput-only" -> throughputOnly = true;
				case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
				case "--resume-only" -> only.add(Part.RESUME);
				case "--idle-only" -> only.add(Part.IDLE);
				case "--journal-only" -> only.add(Part.JOURNAL);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]
						+ "; use [--smoke] [--out DIR] [--jmh FILE] [--throughput-only] [--repetitions N]"
						+ " [--resume-only] [--idle-only] [--journal-only]");
			}
		}
		List<Results.AllocationSample> allocation = (jmh != null) ? JmhResults.read(jmh) : List.of();
		Settings settings = smoke ? Settings.smoke() : Settings.full();
		if (repetitions > 0) {
			settings = settings.withRepetitions(repetitions);
		}
		if (throughputOnly) {
			settings = settings.withThroughputOnly();
		}
		Results results = run(settings, only.isEmpty() ? EnumSet.allOf(Part.class) : only, out, allocation,
				System.out);
		boolean allMet = results.gates().stream().allMatch(Gate::met);
		System.out.println(allMet ? "All targets met." : "Some targets missed: see " + out.resolve(Report.MARKDOWN));
	}

	/**
	 * Starts a broker, runs every phase, writes the report and the chart, and prints
	 * each target as MET or MISSED. The broker is gone when this returns.
	 * @param settings what to run
	 * @param out where to write
	 * @param allocation what JMH measured, for the report
	 * @param log where progress goes
	 * @return the results
	 */
	static Results run(Settings settings, Path out, List<Results.AllocationSample> allocation, PrintStream log) {
		return run(settings, EnumSet.allOf(Part.class), out, allocation, log);
	}

	/**
	 * Starts a broker, runs the given parts, writes the report (and the chart, if the harness ran), and prints each
	 * target as MET or MISSED. The broker is gone when this returns.
	 * @param settings what to run
	 * @param parts which parts
	 * @param out where to write
	 * @param allocation what JMH measured, for the report
	 * @param log where progress goes
	 * @return the results
	 */
	static Results run(Settings settings, Set<Part> parts, Path out, List<Results.AllocationSample> allocation,
			PrintStream log) {
		Machine machine = Machine.current();
		GcPauses.get();
		long started = System.nanoTime();
		log.println("Benchmarks (" + settings.name() + ") on " + machine.describe());
		Results results;
		try (ProcessKafkaBroker broker = KafkaBrokers.process()
			.jvmOptions(BROKER_JVM_OPTIONS)
			// A pause freezes the controller with the broker; do not let it fence its own broker when both resume.
			.brokerProperty("broker.session.timeout.ms", "600000")
			// Old segments go soon: the runs write tens of GB, and the log may be on tmpfs (see run.sh).
			.brokerProperty("log.retention.check.interval.ms", "2000")
			.brokerProperty("file.delete.delay.ms", "1000")
			.brokerProperty("num.partitions", "3")
			.start()) {
			results = parts.contains(Part.HARNESS) ? new Harness(settings, broker, machine, log).run()
					: new Results(settings, machine);
			if (!settings.throughputOnly()) {
				runIssueTen(settings, parts, broker, results, log);
				if (parts.contains(Part.JOURNAL)) {
					long start = System.nanoTime();
					new JournalPhase(JournalPhase.Config.of(settings), broker, settings.requestTimeout(), results, log)
						.run();
					log.println(String.format(Locale.ROOT, "-- journal took %.1f s",
							Clock.seconds(System.nanoTime() - start)));
				}
			}
		}
		results.allocation.addAll(allocation);
		Path report = Report.write(results, out, Chart.SVG);
		boolean chart = !results.throughput.isEmpty();
		if (chart) {
			Chart.write(results, out);
		}
		log.println();
		for (Gate gate : results.gates()) {
			log.println(String.format(Locale.ROOT, "%-7s %s: %s", gate.verdict(), gate.target(), gate.measured()));
		}
		log.println(String.format(Locale.ROOT, "Wrote %s%s in %.0f s", report,
				chart ? " and " + out.resolve(Chart.SVG) : "", Clock.seconds(System.nanoTime() - started)));
		return results;
	}

	/** The measurements of issue 10: the publisher's idle wake-ups, and its call time at a broker resume. */
	private static void runIssueTen(Settings settings, Set<Part> parts, ProcessKafkaBroker broker, Results results,
			PrintStream log) {
		if (parts.contains(Part.IDLE)) {
			if (ThreadActivity.supported()) {
				long start = System.nanoTime();
				results.idle.add(IdlePhase.run(IdlePhase.Config.of(settings), broker, settings.requestTimeout(), log));
				log.println(String.format(Locale.ROOT, "-- idle took %.1f s", Clock.seconds(System.nanoTime() - start)));
			}
			else {
				log.println("-- idle: skipped, no /proc/self/task on this machine");
			}
		}
		if (parts.contains(Part.RESUME)) {
			long start = System.nanoTime();
			results.resume.addAll(new ResumePhase(ResumePhase.Config.of(settings), broker, settings.requestTimeout(),
					log).run());
			log.println(String.format(Locale.ROOT, "-- resume took %.1f s", Clock.seconds(System.nanoTime() - start)));
		}
	}

	/**
	 * Runs the allocation benchmark in this JVM, briefly: for the smoke run, which has no time for a fork.
	 * @param iteration how long each of the one warm-up and one measured iteration runs
	 * @param jsonBytes the event size
	 * @return the samples
	 */
	static List<Results.AllocationSample> allocationInProcess(Duration iteration, int jsonBytes) {
		try {
			return JmhResults.of(new Runner(new OptionsBuilder()
				.include(PipelineAllocationBenchmark.class.getName())
				.forks(0)
				.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(iteration.toMillis()))
				.measurementIterations(1)
				.measurementTime(TimeValue.milliseconds(iteration.toMillis()))
				.param("jsonBytes", Integer.toString(jsonBytes))
				.addProfiler(GCProfiler.class)
				.verbosity(VerboseMode.SILENT)
				.build()).run());
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH failed", ex);
		}
	}

}
