/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The application, not the broker, dies: a publisher with a journal runs in a child JVM
 * ({@link JournalingPublisherMain}) that the test kills with {@code kill -9} while it publishes or while it replays,
 * and starts again on the same journal directory. What the caller was told (the futures' outcomes, which the child
 * writes down as they complete) is then checked against what the topic holds: nothing told published or journaled is
 * missing, a duplicate is only the same event (same {@code ce_id}) again, and per key the events came first in the
 * order they were published.
 */
@WithKafkaBroker(dedicated = true,
		brokerProperties = { "broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500" })
class JournalCrashRecoveryIntegrationTests {

	private static final int KEYS = 20;

	private final ProcessKafkaBroker broker;

	private final List<PublisherProcess> children = new ArrayList<>();

	@TempDir
	Path work;

	private String topic;

	private Path journal;

	JournalCrashRecoveryIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
	}

	@BeforeEach
	void createTheTopic(TestInfo test) {
		this.topic = "journal-crash-" + test.getTestMethod().orElseThrow().getName();
		this.broker.createTopic(this.topic, 3);
		this.journal = this.work.resolve("journal");
	}

	@AfterEach
	void killTheChildrenAndHealTheBroker() {
		// Only a failed test leaves one alive.
		this.children.forEach(PublisherProcess::close);
		if (!this.broker.isRunning()) {
			this.broker.restart();
		}
	}

	private PublisherProcess child(String name, String action, String... more) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("action=" + action, "bootstrap=" + this.broker.bootstrapServers(),
				"topic=" + this.topic, "dir=" + this.journal, "mode=WRITE_AHEAD"));
		arguments.addAll(List.of(more));
		PublisherProcess child = PublisherProcess.start(this.work, name, arguments);
		this.children.add(child);
		return child;
	}

	@Test
	void anApplicationKilledWhilePublishingWriteAheadLosesNothingItWasToldAndReplaysTheRestAtTheNextStart()
			throws Exception {
		Path results = this.work.resolve("results.csv");
		PublisherProcess publishing = child("publishing", "publish", "rate=2000", "keys=" + KEYS, "padding=100",
				"results=" + results, "deliveryTimeoutSeconds=30");
		publishing.awaitLine(JournalingPublisherMain.STARTED, Duration.ofSeconds(60));
		await("thousands of outcomes").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> completeLines(results).size() >= 4000);
		publishing.kill();
		List<String[]> outcomes = completeLines(results);
		long checkpointAtTheKill = JournalingPublisherMain.checkpoint(this.journal);
		String lastState = publishing.lastLineStartingWith(JournalingPublisherMain.STATE).orElse("none");

		PublisherProcess replaying = child("replaying", "replay");
		String opened = replaying.awaitLine(JournalingPublisherMain.OPENED, Duration.ofSeconds(60));
		String drained = replaying.awaitLine(JournalingPublisherMain.DRAINED, Duration.ofSeconds(60));
		Duration recovery = replaying.age();
		assertThat(replaying.awaitExit(Duration.ofSeconds(30))).as("the replaying child's exit code").isZero();

		Map<String, String> statusById = new HashMap<>();
		Map<String, Long> lastToldSequenceByKey = new TreeMap<>();
		for (String[] outcome : outcomes) {
			statusById.put(outcome[0], outcome[1]);
			lastToldSequenceByKey.merge(outcome[2], Long.parseLong(outcome[3]), Math::max);
		}
		Set<String> told = new HashSet<>();
		statusById.forEach((id, status) -> {
			if (status.equals("published") || status.equals("journaled")) {
				told.add(id);
			}
		});
		long journaled = statusById.values().stream().filter("journaled"::equals).count();
		assertThat(statusById.values()).as("outcomes told before the kill").allMatch(
				(status) -> status.equals("published") || status.equals("journaled"));

		TopicContents topic = TopicContents.of(this.broker, this.topic, told.size());
		Set<String> missing = new HashSet<>(told);
		missing.removeAll(topic.ids());
		assertThat(missing).as("told published or journaled, yet not in the topic").isEmpty();
		topic.assertOrderPerKey();
		// Appends are forced in the order of the publish() calls, and the kill can only lose the ones not forced
		// yet, none of which anyone was told about: per key, the topic holds every sequence up to its last one.
		topic.firstSequencesByKey().forEach((key, sequences) -> assertThat(sequences)
			.as("key %s: sequences in the topic, without gaps", key)
			.hasSize((int) (sequences.get(sequences.size() - 1) + 1)));
		int replayedOnly = topic.distinct() - told.size();
		System.out.printf("[journal] kill -9 while publishing write-ahead at 2,000/s: %d outcomes told before the kill "
				+ "(%d published, %d journaled); after the restart the topic holds %s, of which %d events no one had "
				+ "been told about (in flight at the kill, replayed); recovery (child start to journal empty) %d ms; "
				+ "child: %s / %s; checkpoint on disk at the kill: %d; last state before the kill: %s%n", told.size(),
				told.size() - journaled, journaled, topic, replayedOnly, recovery.toMillis(), opened, drained,
				checkpointAtTheKill, lastState);
	}

	@Test
	void anApplicationKilledWhileReplayingReplaysTheRestAtTheNextStart() throws Exception {
		int count = 20_000;
		// The broker goes away after the topic was made: write-ahead events stay on disk, unsent, unacknowledged.
		this.broker.stop();
		PublisherProcess filling = child("filling", "fill", "count=" + count, "keys=" + KEYS, "padding=512",
				"deliveryTimeoutSeconds=120");
		String filled = filling.awaitLine(JournalingPublisherMain.FILLED, Duration.ofSeconds(90));
		// The directory is the child's while it lives: a publisher of this JVM may not open it.
		assertThatThrownBy(() -> KafkaDomainEventPublisher.builder()
			.bootstrapServers(this.broker.bootstrapServers())
			.journal(JournalMode.ON_FAILURE, this.journal)
			.build()
			.close()).as("a publisher on the directory of a live one in another process")
			.hasMessageContaining("in use by another publisher");
		filling.kill();
		assertThat(filling.lines()).as("the filling child's output").noneMatch((line) -> line.startsWith("UNEXPECTED"));
		this.broker.restart();

		PublisherProcess interrupted = child("replay-interrupted", "replay");
		String openedFull = interrupted.awaitLine(JournalingPublisherMain.OPENED, Duration.ofSeconds(60));
		assertThat(held(openedFull)).as("held when the first replay opened the journal").isEqualTo(count);
		// Killed halfway, whatever "halfway" is on this machine: once a quarter of the journal was replayed.
		String progress = interrupted.awaitLine(JournalingPublisherMain.HELD, (line) -> held(line) <= count * 3 / 4,
				Duration.ofSeconds(60));
		interrupted.kill();
		assertThat(interrupted.lines()).as("the interrupted replay did not finish")
			.noneMatch((line) -> line.startsWith(JournalingPublisherMain.DRAINED));

		PublisherProcess finishing = child("replay-finishing", "replay");
		String openedAgain = finishing.awaitLine(JournalingPublisherMain.OPENED, Duration.ofSeconds(60));
		String drained = finishing.awaitLine(JournalingPublisherMain.DRAINED, Duration.ofSeconds(60));
		Duration recovery = finishing.age();
		assertThat(finishing.awaitExit(Duration.ofSeconds(30))).as("the finishing child's exit code").isZero();
		// Positive control: the second start found part of the journal replayed, and part not.
		assertThat(held(openedAgain)).as("held when the second replay opened the journal").isBetween(1L,
				(long) count - 1);

		TopicContents topic = TopicContents.of(this.broker, this.topic, count);
		Set<String> missing = new HashSet<>();
		for (int i = 0; i < count; i++) {
			missing.add(JournalingPublisherMain.eventId("key-" + (i % KEYS), i / KEYS));
		}
		missing.removeAll(topic.ids());
		assertThat(missing).as("appended to the journal, yet not in the topic").isEmpty();
		assertThat(topic.distinct()).as("distinct ce_id in the topic").isEqualTo(count);
		topic.assertOrderPerKey();
		System.out.printf("[journal] kill -9 during the replay: %s; the topic holds %s; first replay killed at '%s'; "
				+ "second start '%s', then '%s' (recovery %d ms from the child's start)%n", filled, topic, progress,
				openedAgain, drained, recovery.toMillis());
	}

	private static long held(String line) {
		String rest = line.substring(line.indexOf(line.startsWith(JournalingPublisherMain.OPENED) ? "held=" : "HELD ")
				+ 5);
		return Long.parseLong(rest.split(" ")[0]);
	}

	/** The result lines written whole, as {@code [eventId, status, key, seq]}; a torn last line is left out. */
	private static List<String[]> completeLines(Path results) throws IOException {
		if (!Files.exists(results)) {
			return List.of();
		}
		String content = Files.readString(results, StandardCharsets.UTF_8);
		int end = content.lastIndexOf('\n');
		List<String[]> lines = new ArrayList<>();
		if (end < 0) {
			return lines;
		}
		for (String line : content.substring(0, end).split("\n")) {
			lines.add(line.split(","));
		}
		return lines;
	}

}
