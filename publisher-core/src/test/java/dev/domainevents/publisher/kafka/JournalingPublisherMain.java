/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.ProducerConfig;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherInspection.JournalState;

import static org.awaitility.Awaitility.await;

/**
 * The application that {@link JournalCrashRecoveryIntegrationTests} kills with {@code kill -9}: a child JVM with a
 * journaling publisher, so that a crash is a real crash (no shutdown hook, no close, the lock released by the OS).
 * <p>
 * Arguments are {@code name=value}: {@code action}, {@code bootstrap}, {@code topic}, {@code dir}, {@code mode}, and
 * per action:
 * <ul>
 * <li>{@code publish}: {@code rate} events per second round-robin over {@code keys} keys until killed; every future
 * that completes appends {@code eventId,status,key,seq} to {@code results}, one write per line, so a line is in the
 * page cache (which survives the kill of the process) before the next one is written.</li>
 * <li>{@code fill}: {@code count} events as fast as the publisher takes them, then waits until every one is on disk
 * ({@code journal().appended()}), prints {@value #FILLED} and waits to be killed.</li>
 * <li>{@code replay}: publishes nothing; prints {@value #OPENED} with the held count, then {@value #HELD} every
 * 10 ms, and {@value #DRAINED} once the journal holds nothing; then closes and exits 0.</li>
 * </ul>
 * The event id of key {@code k}'s {@code n}th event is {@code k/n}, so the test knows every id without asking.
 * The JVM halts when its standard input closes: the test's JVM died, and this one must not outlive it.
 */
final class JournalingPublisherMain {

	static final String STARTED = "STARTED";

	static final String FILLED = "FILLED appended=";

	static final String OPENED = "OPENED held=";

	static final String HELD = "HELD ";

	static final String DRAINED = "DRAINED ms=";

	static final String CLOSED = "CLOSED";

	static final String STATE = "STATE ";

	private JournalingPublisherMain() {
	}

	public static void main(String[] args) throws Exception {
		haltWhenTheParentGoes();
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		long started = System.nanoTime();
		KafkaDomainEventPublisher publisher = KafkaDomainEventPublisher.builder()
			.bootstrapServers(options.get("bootstrap"))
			.journal(JournalMode.valueOf(options.get("mode")), Path.of(options.get("dir")))
			.deliveryTimeout(Duration.ofSeconds(Long.parseLong(options.getOrDefault("deliveryTimeoutSeconds", "60"))))
			.maxQueuedEvents(50_000)
			.maxQueuedBytes(64L * 1024 * 1024)
			.replayBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
			.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
			.producerProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250)
			.producerProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250)
			.build();
		String topic = options.get("topic");
		switch (options.get("action")) {
			case "publish" -> publishUntilKilled(publisher, topic, options);
			case "fill" -> fill(publisher, topic, options);
			case "replay" -> replay(publisher, started);
			default -> throw new IllegalArgumentException(options.get("action"));
		}
	}

	static String eventId(String key, long sequence) {
		return key + "/" + sequence;
	}

	private static CompletableFuture<PublishReceipt> publish(KafkaDomainEventPublisher publisher, String topic,
			String key, long sequence, int padding) {
		return publisher.publish(EventMessage.of(OrderPlaced.padded(key, sequence, padding))
			.withTopic(topic)
			.withKey(key)
			.withEventId(eventId(key, sequence)));
	}

	private static void publishUntilKilled(KafkaDomainEventPublisher publisher, String topic,
			Map<String, String> options) throws IOException {
		int rate = Integer.parseInt(options.get("rate"));
		int keys = Integer.parseInt(options.get("keys"));
		int padding = Integer.parseInt(options.getOrDefault("padding", "0"));
		OutputStream results = new FileOutputStream(options.get("results"), true);
		reportStateEvery(publisher, Path.of(options.get("dir")), Duration.ofMillis(200));
		say(STARTED);
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long next = System.nanoTime();
		for (long i = 0;; i++) {
			String key = "key-" + (i % keys);
			long sequence = i / keys;
			publish(publisher, topic, key, sequence, padding)
				.whenComplete((receipt, error) -> record(results, key, sequence, receipt, error));
			next += interval;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	/** What the journal holds, and what its checkpoint says, now and then: the evidence of a crash's duplicates. */
	private static void reportStateEvery(KafkaDomainEventPublisher publisher, Path directory, Duration period) {
		ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "journal-state-reporter");
			thread.setDaemon(true);
			return thread;
		});
		reporter.scheduleAtFixedRate(() -> {
			JournalState state = journal(publisher);
			say(STATE + "appended=" + state.appended() + " held=" + state.heldEvents() + " checkpoint="
					+ checkpoint(directory) + " forces=" + state.forces() + " forceMaxMs="
					+ state.forceTimeMax().toMillis() + " succeeded=" + publisher.stats().succeeded());
		}, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The low-water mark in the journal's checkpoint file (format 1: magic, version, position, CRC). */
	static long checkpoint(Path directory) {
		try {
			byte[] bytes = Files.readAllBytes(directory.resolve("checkpoint"));
			return ByteBuffer.wrap(bytes).getLong(8);
		}
		catch (IOException | IndexOutOfBoundsException ex) {
			return -1;
		}
	}

	private static void record(OutputStream results, String key, long sequence, PublishReceipt receipt,
			Throwable error) {
		String status;
		String eventId;
		if (error == null) {
			status = receipt.isJournaled() ? "journaled" : "published";
			eventId = receipt.eventId();
		}
		else {
			Throwable cause = (error instanceof PublicationFailedException) ? error : error.getCause();
			status = (cause instanceof PublicationFailedException failure) ? "failed:" + failure.getReason()
					: "failed:" + error;
			eventId = eventId(key, sequence);
		}
		byte[] line = (eventId + "," + status + "," + key + "," + sequence + "\n").getBytes(StandardCharsets.UTF_8);
		synchronized (results) {
			try {
				results.write(line);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static void fill(KafkaDomainEventPublisher publisher, String topic, Map<String, String> options)
			throws InterruptedException {
		int count = Integer.parseInt(options.get("count"));
		int keys = Integer.parseInt(options.get("keys"));
		int padding = Integer.parseInt(options.getOrDefault("padding", "0"));
		for (int i = 0; i < count; i++) {
			publish(publisher, topic, "key-" + (i % keys), i / keys, padding).whenComplete((receipt, error) -> {
				if (error != null) {
					say("UNEXPECTED " + error);
				}
			});
		}
		await("every event on disk").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> journal(publisher).appended() >= count);
		say(FILLED + journal(publisher).appended() + " held=" + journal(publisher).heldEvents());
		new CountDownLatch(1).await();
	}

	private static void replay(KafkaDomainEventPublisher publisher, long started) {
		long builtMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		JournalState opened = journal(publisher);
		say(OPENED + opened.heldEvents() + " quarantined=" + opened.quarantined() + " builtMs=" + builtMillis);
		// The progress every 10 ms, for the test that kills this JVM halfway.
		await("the journal drained").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
			JournalState state = journal(publisher);
			say(HELD + state.heldEvents() + " replayed=" + state.replayed() + " retries=" + state.replayRetries());
			return state.heldEvents() == 0;
		});
		JournalState drained = journal(publisher);
		say(DRAINED + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " replayed=" + drained.replayed()
				+ " deadLettered=" + drained.deadLettered() + " retries=" + drained.replayRetries());
		publisher.close(Duration.ofSeconds(10));
		say(CLOSED);
		System.exit(0);
	}

	private static JournalState journal(KafkaDomainEventPublisher publisher) {
		JournalState state = publisher.journal();
		if (state == null) {
			throw new IllegalStateException("The publisher has no journal");
		}
		return state;
	}

	private static void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	private static void haltWhenTheParentGoes() {
		Thread watchdog = new Thread(() -> {
			try {
				InputStream in = System.in;
				while (in.read() >= 0) {
					// The parent never writes: only its end of the pipe closing matters.
				}
			}
			catch (IOException ex) {
				// Closed as well.
			}
			Runtime.getRuntime().halt(3);
		}, "parent-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

}
