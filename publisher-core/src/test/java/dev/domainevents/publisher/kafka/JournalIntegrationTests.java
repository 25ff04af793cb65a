/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection.JournalState;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The journal's acceptance tests in one JVM, on a real broker and real files: a shutdown with the broker down keeps
 * every pending event, a bounded journal refuses what does not fit and loses nothing in silence, a failed
 * {@code force} stops the journal loudly, a torn tail and a corrupt record cost only themselves, and a directory
 * serves one publisher at a time. Each checks what really reached the topic.
 */
@WithKafkaBroker(dedicated = true,
		brokerProperties = { "broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500" })
class JournalIntegrationTests {

	private static final int KEYS = 10;

	private final ProcessKafkaBroker broker;

	@RegisterExtension
	final PublisherFixture fixture;

	@TempDir
	Path work;

	JournalIntegrationTests(ProcessKafkaBroker broker) {
		this.broker = broker;
		this.fixture = PublisherFixture.on(broker).topicPerTest("journal", 3).closeTimeout(Duration.ofSeconds(5));
	}

	@AfterEach
	void closePublishersAndHealTheBroker() {
		this.fixture.closePublishers();
		if (!this.broker.isRunning()) {
			this.broker.restart();
		}
	}

	private KafkaDomainEventPublisher publisher(JournalMode mode, Path directory, Duration deliveryTimeout,
			Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		return this.fixture.publisher((builder) -> {
			builder.journal(mode, directory)
				.deliveryTimeout(deliveryTimeout)
				.replayBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
				.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
				.producerProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250)
				.producerProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
			customizer.accept(builder);
		});
	}

	/**
	 * Publishes one event and waits until Kafka has it: the publisher has then written to the topic, so that a broker
	 * gone later is an outage (events are kept) rather than an unknown topic (events fail).
	 */
	private String warmUp(KafkaDomainEventPublisher publisher) throws Exception {
		PublishReceipt receipt = publisher.publish(this.fixture.topic(), "warm-up", OrderPlaced.of("warm-up", 0), Map.of())
			.get(30, TimeUnit.SECONDS);
		assertThat(receipt.isPublished()).as("the warm-up event is in Kafka").isTrue();
		return receipt.eventId();
	}

	private List<CompletableFuture<PublishReceipt>> publish(KafkaDomainEventPublisher publisher, int count,
			int padding) {
		return publish(publisher, 0, count, padding);
	}

	/** Publishes events {@code first} to {@code first + count - 1}, round-robin over the keys. */
	private List<CompletableFuture<PublishReceipt>> publish(KafkaDomainEventPublisher publisher, int first, int count,
			int padding) {
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
		for (int i = first; i < first + count; i++) {
			String key = "key-" + (i % KEYS);
			futures.add(publisher.publish(this.fixture.topic(), key, OrderPlaced.padded(key, i / KEYS, padding),
					Map.of()));
		}
		return futures;
	}

	private static void awaitAll(List<CompletableFuture<PublishReceipt>> futures, Duration timeout) {
		await("every future completes").atMost(timeout)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> futures.stream().allMatch(CompletableFuture::isDone));
	}

	private static JournalState journal(KafkaDomainEventPublisher publisher) {
		JournalState state = publisher.journal();
		assertThat(state).as("the publisher's journal").isNotNull();
		return state;
	}

	private static Duration awaitDrained(KafkaDomainEventPublisher publisher, Duration timeout) {
		long start = System.nanoTime();
		await("the journal holds nothing").atMost(timeout)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> journal(publisher).heldEvents() == 0);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static Set<String> journaledIds(List<CompletableFuture<PublishReceipt>> futures) {
		Set<String> ids = new HashSet<>();
		for (CompletableFuture<PublishReceipt> future : futures) {
			if (!future.isCompletedExceptionally() && future.join().isJournaled()) {
				ids.add(future.join().eventId());
			}
		}
		return ids;
	}

	@Test
	void aShutdownWithTheBrokerDownJournalsEveryPendingEventAndTheNextPublisherPublishesThem() throws Exception {
		int count = 1000;
		Path directory = this.work.resolve("journal");
		KafkaDomainEventPublisher first = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(30),
				(builder) -> {
				});
		String warmUp = warmUp(first);
		long pid = this.broker.pid();
		this.broker.kill();
		assertThat(ProcessHandle.of(pid)).as("the broker process is gone").isEmpty();
		List<CompletableFuture<PublishReceipt>> futures = publish(first, count, 0);
		long closing = System.nanoTime();
		first.close(Duration.ofSeconds(2));
		Duration closed = Duration.ofNanos(System.nanoTime() - closing);

		assertThat(futures).as("after close").allSatisfy((future) -> assertThat(future).isDone());
		assertThat(futures).as("failed futures").noneMatch(CompletableFuture::isCompletedExceptionally);
		assertThat(futures).as("every future's receipt").allSatisfy((future) -> assertThat(future.join().isJournaled())
			.as("journaled: %s", future.join())
			.isTrue());
		Set<String> journaled = journaledIds(futures);
		assertThat(journaled).hasSize(count);

		this.broker.restart();
		KafkaDomainEventPublisher second = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(30),
				(builder) -> {
				});
		long heldAtStart = journal(second).heldEvents();
		// Later events of the same keys, while the journal still holds earlier ones: they must come after them.
		List<CompletableFuture<PublishReceipt>> later = publish(second, count, 100, 0);
		int fencedKeys = journal(second).fencedKeys();
		Duration drained = awaitDrained(second, Duration.ofSeconds(60));
		awaitAll(later, Duration.ofSeconds(30));
		assertThat(later).as("later events").noneMatch(CompletableFuture::isCompletedExceptionally);
		long laterJournaled = journaledIds(later).size();
		Set<String> expected = new HashSet<>(journaled);
		later.forEach((future) -> expected.add(future.join().eventId()));
		TopicContents topic = TopicContents.of(this.broker, this.fixture.topic(), count + 101);
		assertThat(topic.ids()).as("ce_id in the topic").containsAll(expected).contains(warmUp);
		assertThat(topic.distinct()).as("distinct ce_id in the topic").isEqualTo(count + 101);
		topic.assertOrderPerKey();
		System.out.printf("[journal] shutdown with the broker down (kill -9), on-failure: %d events, close took %d ms, "
				+ "%d journaled, 0 failed; the next publisher found %d held, replayed %d and drained in %d ms; 100 "
				+ "later events of the same keys published meanwhile (%d fenced keys, %d of them went through the "
				+ "journal), in order per key; topic: %s%n", count, closed.toMillis(), journaled.size(), heldAtStart,
				journal(second).replayed(), drained.toMillis(), fencedKeys, laterJournaled, topic);
	}

	@Test
	void aFullJournalRefusesWhatDoesNotFitAsRetriableAndLosesNothingInSilence() throws Exception {
		int count = 200;
		long maxBytes = 1024 * 1024;
		Path directory = this.work.resolve("journal");
		KafkaDomainEventPublisher publisher = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(3),
				(builder) -> builder.journalMaxBytes(maxBytes));
		String warmUp = warmUp(publisher);
		this.broker.stop();
		// 200 events of 16 KiB: 3.2 MiB, more than three times the bound.
		List<CompletableFuture<PublishReceipt>> futures = publish(publisher, count, 16 * 1024);
		awaitAll(futures, Duration.ofSeconds(30));

		Set<String> journaled = journaledIds(futures);
		List<PublicationFailedException> failures = new ArrayList<>();
		futures.forEach((future) -> {
			PublicationFailedException failure = Outcomes.failureOrNull(future);
			if (failure != null) {
				failures.add(failure);
			}
		});
		assertThat(journaled).as("journaled events").isNotEmpty();
		assertThat(failures).as("failures").isNotEmpty().allSatisfy((failure) -> {
			assertThat(failure.getReason()).isEqualTo(FailureReason.JOURNAL_FULL);
			assertThat(failure.isRetriable()).as("retriable").isTrue();
			assertThat(failure.getEventId()).as("the failed event's id").isNotNull();
		});
		assertThat(journaled.size() + failures.size()).as("journaled + failed").isEqualTo(count);
		PublisherStats stats = publisher.stats();
		assertThat(stats.accepted()).as("accepted = succeeded + failed + pending: " + stats)
			.isEqualTo(stats.succeeded() + stats.failed() + stats.pending());
		assertThat(stats.accepted()).as("accepted").isEqualTo(count + 1);
		JournalState full = journal(publisher);
		assertThat(full.heldBytes()).as("bytes on disk").isLessThanOrEqualTo(maxBytes);
		assertThat(full.heldEvents()).as("held").isEqualTo(journaled.size());

		this.broker.restart();
		Duration drained = awaitDrained(publisher, Duration.ofSeconds(60));
		TopicContents topic = TopicContents.of(this.broker, this.fixture.topic(), journaled.size() + 1);
		assertThat(topic.ids()).as("ce_id in the topic").containsAll(journaled).contains(warmUp);
		Set<String> refusedButThere = new HashSet<>(topic.ids());
		failures.forEach((failure) -> assertThat(refusedButThere).as("refused as JOURNAL_FULL, yet in the topic")
			.doesNotContain(failure.getEventId()));
		assertThat(topic.distinct()).isEqualTo(journaled.size() + 1);
		topic.assertOrderPerKey();
		long possiblyWritten = failures.stream().filter(PublicationFailedException::isPossiblyWritten).count();
		System.out.printf("[journal] disk full (journalMaxBytes 1 MiB, 200 events of 16 KiB, broker down): %d journaled "
				+ "(%d bytes on disk), %d failed JOURNAL_FULL (retriable; %d marked possibly written), stats %s; "
				+ "drained %d ms after the broker returned; topic: %s%n", journaled.size(), full.heldBytes(),
				failures.size(), possiblyWritten, stats, drained.toMillis(), topic);
	}

	@Test
	void aFailedForceStopsTheJournalLoudlyAndNothingIsReportedJournaled() throws Exception {
		// Write-ahead, broker up: once force fails, every publish fails, though Kafka is there.
		AtomicBoolean diskFailing = new AtomicBoolean();
		AtomicInteger failedForces = new AtomicInteger();
		KafkaDomainEventPublisherBuilder writeAheadBuilder = this.fixture.builder()
			.journal(JournalMode.WRITE_AHEAD, this.work.resolve("write-ahead"))
			.deliveryTimeout(Duration.ofSeconds(10));
		writeAheadBuilder.journalChannels = ForceFailingChannel.opener(diskFailing, failedForces);
		KafkaDomainEventPublisher writeAhead = this.fixture.build(writeAheadBuilder);
		String published = warmUp(writeAhead);
		assertThat(journal(writeAhead).problem()).as("problem before the fault").isNull();
		diskFailing.set(true);
		List<CompletableFuture<PublishReceipt>> writeAheadFutures = publish(writeAhead, 50, 0);
		awaitAll(writeAheadFutures, Duration.ofSeconds(15));
		assertThat(failedForces.get()).as("force calls that failed").isPositive();
		assertThat(writeAheadFutures).allSatisfy((future) -> {
			PublicationFailedException failure = Outcomes.failureOrNull(future);
			assertThat(failure).as("the failure of %s", future).isNotNull();
			assertThat(failure.getReason()).isEqualTo(FailureReason.JOURNAL_UNAVAILABLE);
			assertThat(failure.isRetriable()).as("retriable elsewhere").isTrue();
			// Write-ahead sends nothing that is not on disk.
			assertThat(failure.isPossiblyWritten()).as("possibly written").isFalse();
		});
		String writeAheadProblem = journal(writeAhead).problem();
		assertThat(writeAheadProblem).as("the write-ahead journal's problem").isNotNull().containsIgnoringCase("force");

		// On-failure, broker down: what would have been kept fails instead.
		AtomicBoolean onFailureDiskFailing = new AtomicBoolean();
		KafkaDomainEventPublisherBuilder onFailureBuilder = this.fixture.builder()
			.journal(JournalMode.ON_FAILURE, this.work.resolve("on-failure"))
			.deliveryTimeout(Duration.ofSeconds(2))
			.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
		onFailureBuilder.journalChannels = ForceFailingChannel.opener(onFailureDiskFailing, failedForces);
		KafkaDomainEventPublisher onFailure = this.fixture.build(onFailureBuilder);
		warmUp(onFailure);
		onFailureDiskFailing.set(true);
		this.broker.stop();
		List<CompletableFuture<PublishReceipt>> onFailureFutures = publish(onFailure, 50, 0);
		awaitAll(onFailureFutures, Duration.ofSeconds(20));
		assertThat(journaledIds(onFailureFutures)).as("reported journaled").isEmpty();
		assertThat(onFailureFutures).allSatisfy((future) -> {
			PublicationFailedException failure = Outcomes.failureOrNull(future);
			assertThat(failure).as("the failure of %s", future).isNotNull();
			assertThat(failure.getReason()).isEqualTo(FailureReason.JOURNAL_UNAVAILABLE);
			assertThat(failure.isRetriable()).as("retriable elsewhere").isTrue();
		});
		JournalState state = journal(onFailure);
		assertThat(state.problem()).as("the on-failure journal's problem").isNotNull();
		assertThat(state.heldEvents()).as("held").isZero();
		this.broker.restart();
		TopicContents topic = TopicContents.of(this.broker, this.fixture.topic(), 2);
		assertThat(topic.records()).as("records in the topic: the two warm-up events only").isEqualTo(2);
		assertThat(topic.ids()).contains(published);
		System.out.printf("[journal] force fails: write-ahead 50 of 50 failed JOURNAL_UNAVAILABLE, on-failure 50 of 50 "
				+ "failed JOURNAL_UNAVAILABLE, none journaled, %d failed force calls; problem: %s%n", failedForces.get(),
				writeAheadProblem);
	}

	@Test
	void aTornTailAndACorruptRecordCostOnlyThemselves() throws Exception {
		int count = 30;
		Path directory = this.work.resolve("journal");
		KafkaDomainEventPublisher first = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(2),
				(builder) -> {
				});
		String warmUp = warmUp(first);
		this.broker.stop();
		List<CompletableFuture<PublishReceipt>> futures = publish(first, count, 200);
		awaitAll(futures, Duration.ofSeconds(20));
		Set<String> journaled = journaledIds(futures);
		assertThat(journaled).as("journaled").hasSize(count);
		first.close(Duration.ofSeconds(5));

		List<Path> segments;
		try (Stream<Path> files = Files.list(directory)) {
			segments = files.filter((file) -> file.getFileName().toString().endsWith(".journal")).sorted().toList();
		}
		assertThat(segments).as("segments").hasSize(1);
		Path segment = segments.get(0);
		List<SegmentRecord> records = SegmentRecord.readAll(segment);
		assertThat(records).as("records in the segment").hasSize(count);
		SegmentRecord corrupt = records.get(count / 3);
		SegmentRecord torn = records.get(count - 1);
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long middle = corrupt.offset() + corrupt.length() / 2;
			ByteBuffer one = ByteBuffer.allocate(1);
			channel.read(one, middle);
			one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
			channel.write(one, middle);
			channel.truncate(torn.offset() + torn.length() / 2);
		}

		this.broker.restart();
		KafkaDomainEventPublisher second = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(10),
				(builder) -> {
				});
		JournalState opened = journal(second);
		assertThat(opened.quarantined()).as("quarantined").isEqualTo(1);
		assertThat(opened.problem()).as("problem").isNotNull().contains(segment.getFileName().toString())
			.contains("offset " + corrupt.offset());
		Duration drained = awaitDrained(second, Duration.ofSeconds(60));
		Set<String> expected = new HashSet<>(journaled);
		expected.remove(corrupt.eventId());
		expected.remove(torn.eventId());
		expected.add(warmUp);
		TopicContents topic = TopicContents.of(this.broker, this.fixture.topic(), expected.size());
		assertThat(topic.ids()).as("ce_id in the topic").containsAll(expected)
			.doesNotContain(corrupt.eventId(), torn.eventId());
		assertThat(topic.distinct()).isEqualTo(expected.size());
		topic.assertOrderPerKey();
		try (Stream<Path> quarantine = Files.list(directory.resolve("quarantine"))) {
			assertThat(quarantine.toList()).as("the quarantined copy").hasSize(1);
		}
		System.out.printf("[journal] torn tail + corrupt record: %d journaled, record at offset %d quarantined, tail "
				+ "record at offset %d truncated; %d replayed in %d ms; problem: %s; topic: %s%n", count,
				corrupt.offset(), torn.offset(), journal(second).replayed(), drained.toMillis(), opened.problem(),
				topic);
	}

	@Test
	void aSecondPublisherOnTheSameDirectoryIsRefusedAtBuild() throws Exception {
		Path directory = this.work.resolve("journal");
		KafkaDomainEventPublisher first = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(5),
				(builder) -> {
				});
		assertThatThrownBy(() -> publisher(JournalMode.WRITE_AHEAD, directory, Duration.ofSeconds(5), (builder) -> {
		})).as("a second publisher on " + directory)
			.hasMessageContaining("in use by another publisher")
			.hasMessageContaining(directory.toString());
		warmUp(first);
		first.close(Duration.ofSeconds(5));
		// Closing released the directory.
		KafkaDomainEventPublisher next = publisher(JournalMode.ON_FAILURE, directory, Duration.ofSeconds(5),
				(builder) -> {
				});
		assertThat(journal(next).heldEvents()).isZero();
	}

	/**
	 * A record of a journal segment (format 1): where its frame starts, how long the frame is, and its event id.
	 */
	record SegmentRecord(long offset, int length, String eventId) {

		private static final int HEADER_BYTES = 16;

		private static final int FRAME_BYTES = 8;

		static List<SegmentRecord> readAll(Path segment) throws IOException {
			ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(segment));
			List<SegmentRecord> records = new ArrayList<>();
			int offset = HEADER_BYTES;
			while (offset + FRAME_BYTES <= file.limit()) {
				int bodyLength = file.getInt(offset);
				ByteBuffer body = file.slice(offset + FRAME_BYTES, bodyLength);
				records.add(new SegmentRecord(offset, FRAME_BYTES + bodyLength, eventIdOf(body)));
				offset += FRAME_BYTES + bodyLength;
			}
			return records;
		}

		// [long position] [byte flags] [string topic] [key] [headers] [value] [long timestamp] [string event id] ...
		private static String eventIdOf(ByteBuffer body) {
			body.position(8 + 1);
			skipString(body);
			skipBytes(body);
			int headers = body.getInt();
			for (int i = 0; i < headers; i++) {
				skipString(body);
				skipBytes(body);
			}
			skipBytes(body);
			body.getLong();
			byte[] eventId = new byte[body.getInt()];
			body.get(eventId);
			return new String(eventId, StandardCharsets.UTF_8);
		}

		private static void skipString(ByteBuffer body) {
			skipBytes(body);
		}

		private static void skipBytes(ByteBuffer body) {
			int length = body.getInt();
			if (length > 0) {
				body.position(body.position() + length);
			}
		}

	}

}
