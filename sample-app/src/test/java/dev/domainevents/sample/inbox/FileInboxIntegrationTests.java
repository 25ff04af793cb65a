/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;
import dev.domainevents.sample.SampleApplication;
import dev.domainevents.sample.inbox.FileResult.Disposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file inbox of issue 14 on a real broker in a child JVM, which the tests pause ({@code SIGSTOP}) and kill, and
 * with the application itself killed with {@code kill -9}. The application runs as configured, with
 * {@code sample.inbox.*} properties; one broker serves every test, each on topics of its own. The test that kills the
 * broker runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileInboxIntegrationTests {

	private static final int MAX_OUTSTANDING = 256;

	private static final int WIDE_OUTSTANDING = 4096;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ProcessKafkaBroker broker;

	@TempDir
	Path work;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@BeforeAll
	static void startBroker() {
		// The default session timeout (9 s) is kept: a shorter one would fence the broker after the 10 s pause.
		broker = KafkaBrokers.process().start();
	}

	@AfterAll
	static void closeBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@AfterEach
	void closeApplications() throws Exception {
		// Last opened, first closed: an inbox before the application whose publisher it uses.
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	@Order(1)
	void aFileWithAPoisonLineHasItsOtherLinesPublishedAndMovesToFailedWithAReport() throws Exception {
		String topic = createTopic("inbox-poison");
		Path inbox = Files.createDirectories(this.work.resolve("inbox"));
		List<String> lines = new ArrayList<>(lines(1, 100));
		lines.set(16, "{\"key\":\"k-1\",\"n\":17");
		lines.set(59, "definitely not json");
		drop(inbox, "poison.jsonl", lines);
		FileInbox fileInbox = startApplication(inbox, topic, "--sample.inbox.on-success=move");

		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("failed/poison.jsonl")));

		Map<String, List<ConsumerRecord<byte[], byte[]>>> records = consumeByEventId(topic, 98);
		Set<String> expected = IntStream.rangeClosed(1, 100)
			.filter((n) -> n != 17 && n != 60)
			.mapToObj((n) -> "poison.jsonl:" + n)
			.collect(Collectors.toSet());
		assertThat(records.keySet()).isEqualTo(expected);
		List<String> report = Files.readAllLines(inbox.resolve("failed/poison.jsonl" + FileInbox.REPORT_SUFFIX));
		System.out.println("[inbox] the report of poison.jsonl:\n  " + String.join("\n  ", report));
		assertThat(report).hasSize(4);
		assertThat(report.get(1)).isEqualTo("lines: 100, published: 98, journaled: 0, failed: 2");
		assertThat(report.get(2)).startsWith("line 17 (ce_id poison.jsonl:17): INVALID_EVENT: not JSON: ");
		assertThat(report.get(3)).startsWith("line 60 (ce_id poison.jsonl:60): INVALID_EVENT: not JSON: ");
		assertThat(fileInbox.results()).singleElement().satisfies((result) -> {
			assertThat(result.disposition()).isEqualTo(Disposition.FAILED);
			assertThat(result.failedLines()).extracting(FileResult.FailedLine::reason)
				.containsOnly(FailureReason.INVALID_EVENT);
		});
		assertThat(inbox.resolve("poison.jsonl")).doesNotExist();
	}

	@Test
	@Order(2)
	void whileTheBrokerIsPausedTheInboxReadsNoMoreThanTheBoundAndAfterItEveryLineIsPublishedBeforeItsFileGoes()
			throws Exception {
		String topic = createTopic("inbox-pause");
		Path inbox = Files.createDirectories(this.work.resolve("inbox"));
		int files = 5;
		int linesPerFile = 10_000;
		for (int f = 0; f < files; f++) {
			drop(inbox, "pause-" + f + ".jsonl", lines(1, linesPerFile));
		}
		// Longer than the pause, so that no line fails for it: what holds the reader back is demand alone.
		FileInbox fileInbox = startApplication(inbox, topic, "--sample.inbox.on-success=move",
				"--domain-events.publisher.delivery-timeout=30s");
		FileLines.Counters counters = fileInbox.counters();

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
			.until(() -> counters.linesRead() >= 2_000);
		broker.pause();
		long readAtPause;
		long readAtResume;
		long requestsAtPause = counters.requests();
		try {
			readAtPause = counters.linesRead();
			// The stream's bound, plus one chunk of its requests (a quarter of the bound) that may be under way.
			long bound = MAX_OUTSTANDING + MAX_OUTSTANDING / 4;
			await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12))
				.until(() -> counters.linesRead() - readAtPause <= bound);
			readAtResume = counters.linesRead();
			assertThat(fileInbox.results()).as("no file goes while the broker is paused")
				.noneMatch((result) -> result.finished().isAfter(Instant.now().minusSeconds(10)));
		}
		finally {
			broker.resume();
		}
		System.out.printf("[inbox] broker paused 10 s with %,d lines read of %,d: %,d lines read during the pause "
				+ "(%,d requests; bound %d outstanding + %d a request)%n", readAtPause, files * linesPerFile,
				readAtResume - readAtPause, counters.requests() - requestsAtPause, MAX_OUTSTANDING, MAX_OUTSTANDING / 4);
		assertThat(readAtPause).isLessThan(files * linesPerFile - MAX_OUTSTANDING);
		assertThat(readAtResume - readAtPause).isLessThanOrEqualTo(MAX_OUTSTANDING + MAX_OUTSTANDING / 4);

		await().atMost(Duration.ofSeconds(90)).until(() -> countFiles(inbox.resolve("done")) == files);
		Map<String, List<ConsumerRecord<byte[], byte[]>>> records = consumeByEventId(topic, files * linesPerFile);
		assertThat(records).hasSize(files * linesPerFile);
		for (FileResult result : fileInbox.results()) {
			if (result.disposition() != Disposition.DONE) {
				continue;
			}
			// The broker stamps each record when it appends it: none of a file's lines came after the file went.
			long lastAppend = records.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(result.fileName() + ":"))
				.flatMap((entry) -> entry.getValue().stream())
				.mapToLong(ConsumerRecord::timestamp)
				.max()
				.orElseThrow();
			assertThat(lastAppend).as(result.fileName()).isLessThanOrEqualTo(result.finished().toEpochMilli());
			assertThat(result.lines()).isEqualTo(linesPerFile);
		}
		assertThat(fileInbox.results()).filteredOn((result) -> result.disposition() == Disposition.DONE)
			.hasSize(files);
	}

	@Test
	@Order(3)
	void theInboxThroughPublishAllAgainstPublishInALoop() throws Exception {
		String topic = createTopic("inbox-throughput");
		Path inbox = Files.createDirectories(this.work.resolve("inbox"));
		int count = 50_000;
		List<String> lines = lines(1, count);
		// publish() in a loop meets the queue's bound (10,000): block rather than fail, as a loop would have to.
		ConfigurableApplicationContext context = startContext(inbox, topic, "--sample.inbox.on-success=move",
				"--domain-events.publisher.overflow-policy=block", "--domain-events.publisher.overflow-timeout=60s");
		FileInbox fileInbox = context.getBean(FileInbox.class);
		DomainEventPublisher publisher = context.getBean(DomainEventPublisher.class);

		// Warm up both paths.
		drop(inbox, "warmup.jsonl", lines(1, 10_000));
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("done/warmup.jsonl")));
		publishInALoop(publisher, topic, "loop-warmup.jsonl", lines.subList(0, 10_000));

		double publishAllRate = publishThroughInbox(fileInbox, inbox, "measured.jsonl", lines);

		// The same publisher and lines with a wider window: a second inbox on the same application's publisher.
		Path wideInbox = Files.createDirectories(this.work.resolve("wide-inbox"));
		FileInbox wide = new FileInbox(publisher, new InboxProperties(wideInbox, topic, "key",
				"dev.domainevents.sample.InboxEvent", Duration.ofMillis(200), WIDE_OUTSTANDING, Duration.ofMillis(100),
				Duration.ofSeconds(30), InboxProperties.OnSuccess.MOVE), json);
		this.closeables.add(wide::stop);
		wide.start();
		double widePublishAllRate = publishThroughInbox(wide, wideInbox, "measured-wide.jsonl", lines);

		// The lines are read before the clock starts: the loop does not even pay for reading the file.
		List<String> sameLines = Files.readAllLines(inbox.resolve("done/measured.jsonl"));
		long loopNanos = publishInALoop(publisher, topic, "loop.jsonl", sameLines);
		double loopRate = count / seconds(loopNanos);

		System.out.printf("[inbox] %,d lines of ~%d bytes: publishAll (the inbox, max-outstanding %d) %,.0f lines/s; "
				+ "with max-outstanding %,d %,.0f lines/s; publish() in a loop over the same lines %,.0f lines/s "
				+ "(%.2fx and %.2fx of the loop)%n", count, lines.get(0).length(), MAX_OUTSTANDING, publishAllRate,
				WIDE_OUTSTANDING, widePublishAllRate, loopRate, publishAllRate / loopRate,
				widePublishAllRate / loopRate);
		assertThat(publishAllRate).isPositive();
		assertThat(widePublishAllRate).isPositive();
		assertThat(loopRate).isPositive();
	}

	/** Drops a file in the inbox and waits for it to be done: lines per second from its start to its move. */
	private double publishThroughInbox(FileInbox fileInbox, Path inbox, String name, List<String> lines)
			throws IOException {
		drop(inbox, name, lines);
		await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(inbox.resolve("done").resolve(name)));
		FileResult result = fileInbox.results()
			.stream()
			.filter((r) -> r.fileName().equals(name))
			.findFirst()
			.orElseThrow();
		assertThat(result.published()).isEqualTo(lines.size());
		return lines.size() / seconds(Duration.between(result.started(), result.finished()).toNanos());
	}

	@Test
	@Order(4)
	void theApplicationKilledMidFileThenRestartedPublishesEveryLineAtLeastOnceAndDuplicatesShareTheirId()
			throws Exception {
		String topic = createTopic("inbox-crash");
		Path inbox = Files.createDirectories(this.work.resolve("inbox"));
		int count = 100_000;
		List<String> lines = lines(1, count);
		drop(inbox, "crash.jsonl", lines);
		List<String> arguments = List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.main.web-application-type=none", "--spring.kafka.listener.auto-startup=false",
				"--sample.inbox.directory=" + inbox, "--sample.inbox.topic=" + topic,
				"--sample.inbox.on-success=move", "--sample.inbox.pass-interval=200ms");

		InboxProcess first = InboxProcess.start(this.work, "first", arguments);
		this.closeables.add(first);
		long writtenBeforeKill;
		try (KafkaConsumer<byte[], byte[]> offsets = offsetsConsumer()) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
				assertThat(first.isAlive()).as(first::tail).isTrue();
				return endOffsets(offsets, topic) >= 5_000;
			});
			first.kill();
			writtenBeforeKill = endOffsets(offsets, topic);
		}
		assertThat(inbox.resolve("crash.jsonl")).as("killed mid-file").exists();

		InboxProcess second = InboxProcess.start(this.work, "second", arguments);
		this.closeables.add(second);
		await().atMost(Duration.ofSeconds(120)).until(() -> {
			assertThat(second.isAlive()).as(second::tail).isTrue();
			return Files.exists(inbox.resolve("done/crash.jsonl"));
		});

		long total;
		try (KafkaConsumer<byte[], byte[]> offsets = offsetsConsumer()) {
			total = endOffsets(offsets, topic);
		}
		Map<String, List<ConsumerRecord<byte[], byte[]>>> records = consumeByEventId(topic, (int) total);
		Set<String> expected = IntStream.rangeClosed(1, count)
			.mapToObj((n) -> "crash.jsonl:" + n)
			.collect(Collectors.toSet());
		assertThat(records.keySet()).isEqualTo(expected);
		long duplicates = 0;
		for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> entry : records.entrySet()) {
			String line = lines.get((int) LineEvents.lineNumber(entry.getKey()) - 1);
			for (ConsumerRecord<byte[], byte[]> record : entry.getValue()) {
				assertThat(new String(record.value(), StandardCharsets.UTF_8)).as(entry.getKey()).isEqualTo(line);
			}
			duplicates += entry.getValue().size() - 1;
		}
		System.out.printf("[inbox] killed with %,d records written; after the restart %,d records for %,d lines: "
				+ "%,d duplicates, each with the ce_id of its line%n", writtenBeforeKill, total, count, duplicates);
		assertThat(duplicates).as("the second run published the file again from its start").isPositive();
		assertThat(total).isEqualTo(count + duplicates);
	}

	@Test
	@Order(5)
	void withTheBrokerKilledNoFileGoesNoLineIsLostAndTheReaderBacksOff() throws Exception {
		String topic = createTopic("inbox-kill");
		Path inbox = Files.createDirectories(this.work.resolve("inbox"));
		List<String> lines = lines(1, 20_000);
		Path file = drop(inbox, "kill.jsonl", lines);
		byte[] content = Files.readAllBytes(file);
		// With the broker gone for good, closing the application need not wait for a drain that cannot happen.
		FileInbox fileInbox = startApplication(inbox, topic, "--domain-events.publisher.delivery-timeout=2s",
				"--domain-events.publisher.shutdown-timeout=1s", "--sample.inbox.initial-backoff=100ms",
				"--sample.inbox.max-backoff=1s");
		FileLines.Counters counters = fileInbox.counters();

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
			.until(() -> counters.linesRead() >= 1_000);
		long readBefore = counters.linesRead();
		long before = System.nanoTime();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
			.until(() -> counters.linesRead() >= readBefore + 1_000);
		double rateBefore = 1_000 / seconds(System.nanoTime() - before);
		broker.kill();
		long killed = System.nanoTime();
		long readAtKill = counters.linesRead();

		// Every line accepted before the kill fails by its deadline (2 s); then only probes are pulled.
		await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file));
		long windowStart = System.nanoTime();
		long readAtWindowStart = counters.linesRead();
		long requestsAtWindowStart = counters.requests();
		await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> Files.exists(file));
		double window = seconds(System.nanoTime() - windowStart);
		long pulled = counters.linesRead() - readAtWindowStart;
		double rateDuring = pulled / window;
		System.out.printf("[inbox] before the kill %,.0f lines/s; %,d lines read in the 4 s after it; then %d lines "
				+ "(%d requests) in %.1f s: %.2f lines/s (delivery timeout 2 s, backoff 100 ms..1 s)%n", rateBefore,
				readAtWindowStart - readAtKill, pulled, counters.requests() - requestsAtWindowStart, window,
				rateDuring);
		assertThat(rateDuring).isLessThan(2.0);
		assertThat(rateDuring).isLessThan(rateBefore / 100);

		assertThat(file).exists();
		assertThat(Files.readAllBytes(file)).as("the file is intact: every line not in Kafka is still in it")
			.isEqualTo(content);
		assertThat(fileInbox.results()).allSatisfy((result) -> {
			assertThat(result.disposition()).isEqualTo(Disposition.KEPT);
			assertThat(result.failedLines()).isEmpty();
		});
		assertThat(inbox.resolve("failed")).doesNotExist();
		assertThat(inbox.resolve("done")).doesNotExist();
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed)).isGreaterThanOrEqualTo(14);
	}

	private FileInbox startApplication(Path inbox, String topic, String... arguments) {
		return startContext(inbox, topic, arguments).getBean(FileInbox.class);
	}

	private ConfigurableApplicationContext startContext(Path inbox, String topic, String... arguments) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.main.web-application-type=none", "--spring.kafka.listener.auto-startup=false",
				"--sample.inbox.directory=" + inbox,
				"--sample.inbox.topic=" + topic, "--sample.inbox.pass-interval=200ms",
				"--sample.inbox.max-outstanding=" + MAX_OUTSTANDING,
				"--domain-events.publisher.producer[reconnect.backoff.max.ms]=250"));
		args.addAll(List.of(arguments));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run(args.toArray(String[]::new));
		this.closeables.add(context);
		return context;
	}

	private static long publishInALoop(DomainEventPublisher publisher, String topic, String fileName,
			List<String> lines) {
		LineEvents events = new LineEvents(fileName, new InboxProperties(Path.of("unused"), topic, "key",
				"dev.domainevents.sample.InboxEvent", Duration.ofSeconds(1), MAX_OUTSTANDING, Duration.ofMillis(100),
				Duration.ofSeconds(30), InboxProperties.OnSuccess.DELETE), json);
		long started = System.nanoTime();
		List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>(lines.size());
		for (int i = 0; i < lines.size(); i++) {
			EventMessage message = events.map(i + 1, lines.get(i));
			futures.add(publisher.publish(message));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
		long elapsed = System.nanoTime() - started;
		assertThat(futures).allMatch((future) -> future.join().isPublished());
		return elapsed;
	}

	private static String createTopic(String name) {
		// LogAppendTime: each record's timestamp is when the broker appended it, to compare with when a file went.
		broker.createTopic(name, 3, Map.of("message.timestamp.type", "LogAppendTime"));
		return name;
	}

	/** Lines {@code from..to} of a file: JSON objects with a key and a little payload. */
	static List<String> lines(int from, int to) {
		return IntStream.rangeClosed(from, to)
			.mapToObj((n) -> "{\"key\":\"k-" + (n % 16) + "\",\"n\":" + n + ",\"text\":\"line " + n
					+ " of the inbox's test file\"}")
			.toList();
	}

	/** Writes a file beside the inbox and moves it in, so that the inbox never sees it half written. */
	private Path drop(Path inbox, String name, List<String> lines) throws IOException {
		Path staged = Files.write(this.work.resolve(name + ".staged"), lines, StandardCharsets.UTF_8);
		return Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
	}

	private static long countFiles(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		try (var entries = Files.list(directory)) {
			return entries.count();
		}
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static Map<String, List<ConsumerRecord<byte[], byte[]>>> consumeByEventId(String topic, int expected) {
		Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : broker.consume(topic, expected, Duration.ofSeconds(60))) {
			byId.computeIfAbsent(header(record, "ce_id"), (id) -> new ArrayList<>()).add(record);
		}
		return byId;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as(name).isNotNull();
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static KafkaConsumer<byte[], byte[]> offsetsConsumer() {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
	}

	/** How many records the topic holds: the sum of its partitions' end offsets. */
	private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
	}

}
