/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.benchmarks.Results.AllocationSample;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness, end to end with small numbers and one repetition, so that {@code mvn verify} proves that
 * {@code benchmarks/run.sh} can measure: a real broker in a child JVM, every peer in every phase, JMH with the GC
 * profiler, and the report with its chart. The figures themselves mean nothing here.
 */
class BenchmarksSmokeIntegrationTests {

	@Test
	// The resume and idle phases of issue 10 take about 6 s of it; with them the run took 60 s on a two-core machine
	// that another broker kept busy (load average 5). The journal's phase of issue 13 adds about 20 s (three modes,
	// each in a new directory, and a broker pause). 120 s leaves room for a busy machine, not for a hang.
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void theHarnessMeasuresEveryPhaseAndWritesTheReportAndTheChart(@TempDir Path out) throws Exception {
		List<AllocationSample> allocation = Main.allocationInProcess(Duration.ofMillis(150), 2048);
		Results results = Main.run(Settings.smoke(), out, allocation, System.out);

		// Every peer in the throughput phase, the starter in a Boot application and the same-work peers included.
		assertThat(results.throughput).hasSize(2 * Peer.values().length)
			.allSatisfy((sample) -> assertThat(sample.eventsPerSecond()).isPositive());
		assertThat(results.gates()).extracting(Results.Gate::target)
			.anyMatch((target) -> target.startsWith("The starter in a Boot app with actuator"))
			.anyMatch((target) -> target.startsWith("Tracing on"));
		assertThat(results.ceiling).isPositive();
		assertThat(results.latency).hasSize(Peer.core().length).allSatisfy((sample) -> {
			assertThat(sample.count()).isPositive();
			assertThat(sample.p99Millis()).isPositive().isGreaterThanOrEqualTo(sample.p50Millis());
			assertThat(sample.maxMillis()).isGreaterThanOrEqualTo(sample.p999Millis());
		});
		assertThat(results.besideMissingTopic).singleElement().satisfies((sample) -> {
			assertThat(sample.count()).isPositive();
			assertThat(sample.failures()).as("events to the real topic that failed").isZero();
		});
		assertThat(results.callTimes).hasSize(2 * Peer.core().length).allSatisfy((sample) -> {
			assertThat(sample.count()).isPositive();
			assertThat(sample.p999Micros()).isPositive();
		});
		assertThat(results.memory).singleElement().satisfies((sample) -> {
			assertThat(sample.pending()).isPositive();
			assertThat(sample.measuredBytes()).isPositive();
			assertThat(sample.boundBytes()).isGreaterThan(ProducerSettings.BUFFER_MEMORY);
			assertThat(sample.retainedBytesPerEvent()).isGreaterThan(2048);
		});
		assertThat(results.idle).singleElement().satisfies((sample) -> {
			assertThat(sample.rows()).extracting(IdlePhase.Row::thread)
				.contains("domain-events-dispatcher", "domain-events-deadlines", "domain-events-metadata");
			// Idle, the publisher's threads sleep until signalled: no polling (it was about 70 wake-ups a second).
			assertThat(sample.wakeupsPerSecond()).isLessThan(1.0);
		});
		assertThat(results.resume).singleElement().satisfies((sample) -> {
			assertThat(sample.backlogEvents()).isPositive();
			assertThat(sample.calls()).isPositive();
			assertThat(sample.refused()).isZero();
			assertThat(sample.maxMicros()).isGreaterThanOrEqualTo(sample.p999Micros()).isPositive();
			assertThat(sample.maxApartFromGcMicros()).isLessThanOrEqualTo(sample.maxMicros());
		});
		// The journal off, on-failure and write-ahead at 256 B with 1 and 8 callers, then each mode through a spill.
		assertThat(results.journalThroughput).hasSize(2 * JournalPhase.MODES.size())
			.allSatisfy((sample) -> assertThat(sample.eventsPerSecond()).isPositive());
		assertThat(results.journalThroughput).filteredOn((sample) -> sample.mode() == JournalMode.WRITE_AHEAD)
			.allSatisfy((sample) -> {
				assertThat(sample.forces()).isPositive();
				assertThat(sample.journalBytesPerEvent()).isGreaterThan(JournalPhase.JSON_BYTES);
			});
		assertThat(results.journalThroughput).filteredOn((sample) -> sample.mode() == JournalMode.ON_FAILURE)
			.allSatisfy((sample) -> assertThat(sample.appended()).as("appended while Kafka answers").isZero());
		assertThat(results.journalSpill).hasSize(JournalPhase.MODES.size()).allSatisfy((sample) -> {
			assertThat(sample.spill().count()).isPositive();
			assertThat(sample.spill().maxMicros()).isGreaterThanOrEqualTo(sample.spill().p999Micros());
		});
		assertThat(results.journalSpill).filteredOn((sample) -> sample.mode() != JournalMode.OFF)
			.allSatisfy((sample) -> {
				assertThat(sample.journaledReceipts()).as("events the journal took in the pause").isPositive();
				assertThat(sample.failed()).isZero();
			});
		assertThat(results.allocation).extracting(AllocationSample::benchmark)
			.containsExactlyInAnyOrder("publisher", "kafkaTemplate", "rawProducer", "jsonSerialization");
		assertThat(results.allocation).allSatisfy((sample) -> assertThat(sample.bytesPerEvent()).isPositive());
		// The smoke run measures 2 KiB events only: every target but the 256 B ceiling and the 256 B allocation, which
		// the full run judges. Three of the starter, one ceiling, latency, call time in a pause, memory, resume, and
		// the journal's three (on-failure and write-ahead against off, call time), which measure 256 B in every run.
		assertThat(results.gates()).extracting(Results.Gate::verdict).hasSize(11).allMatch(
				(verdict) -> verdict.equals("MET") || verdict.equals("MISSED"));

		String report = Files.readString(out.resolve(Report.MARKDOWN));
		assertThat(report).contains("## Targets", "## Throughput", "## Latency", "## Latency beside a topic without metadata", "## Call time", "## Memory",
				"## Allocation per event", "## Call time at a broker resume", "## Idle wake-ups", "## Durable journal", "DomainEventPublisher", "KafkaProducer", "KafkaTemplate",
				"### As users get it", Peer.STARTER.label(), Peer.STARTER_TRACING.label(), Peer.RAW_SAME_WORK.label(),
				Peer.TEMPLATE_SAME_WORK.label());
		assertThat(Files.readString(out.resolve(Chart.SVG))).startsWith("<svg").contains("<rect", "</svg>");
	}

}
