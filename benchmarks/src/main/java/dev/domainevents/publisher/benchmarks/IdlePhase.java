/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.benchmarks.ThreadActivity.Counts;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * What an idle publisher costs (issue 10, item 8): a publisher built with its defaults on the real broker publishes a
 * few events, so that every thread has started and done its work once, then idles. Measured over the idle window, for
 * each of its threads (names starting {@code domain-events-}): wake-ups per second (voluntary context switches) and
 * CPU time per second. The producer's own network thread is measured beside them, for reference; it is Kafka's and
 * not counted in the total.
 */
final class IdlePhase {

	/** The publisher's threads. */
	static final String PREFIX = "domain-events-";

	private static final String CLIENT_ID = "bench-idle";

	/** The producer's network thread of this publisher. */
	private static final String NETWORK_THREAD = "kafka-producer-network-thread | " + CLIENT_ID;

	private static final int WARM_EVENTS = 100;

	private static final Duration WARM_TIMEOUT = Duration.ofSeconds(30);

	private static final Map<String, String> TOPIC_CONFIG = Map.of("retention.bytes", Long.toString(128L << 20),
			"segment.bytes", Long.toString(32L << 20));

	/**
	 * What the phase runs.
	 * @param settle the wait after the warm events completed, before the window
	 * @param window the measured idle time
	 */
	record Config(Duration settle, Duration window) {

		static Config of(Settings settings) {
			return settings.isSmoke() ? new Config(Duration.ofMillis(200), Duration.ofMillis(500))
					: new Config(Duration.ofSeconds(2), Duration.ofSeconds(10));
		}

	}

	private IdlePhase() {
	}

	/**
	 * Runs the phase once.
	 * @param config what to run
	 * @param broker the broker
	 * @param requestTimeout the producer's request timeout
	 * @param log where progress goes
	 * @return what it measured
	 */
	static Sample run(Config config, ProcessKafkaBroker broker, Duration requestTimeout, PrintStream log) {
		String topic = "bench-idle";
		broker.createTopic(topic, 3, TOPIC_CONFIG);
		Payloads payloads = Payloads.of(256, JsonMapper.builder().findAndAddModules().build());
		KafkaDomainEventPublisher publisher = KafkaDomainEventPublisher.builder()
			.producerProperties(ProducerSettings.common(broker.bootstrapServers(), CLIENT_ID, requestTimeout))
			.source(Payloads.SOURCE)
			.router((event) -> new EventRoute(topic, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE))
			.build();
		Sample sample;
		try {
			CompletableFuture<?>[] warm = new CompletableFuture<?>[WARM_EVENTS];
			for (int i = 0; i < WARM_EVENTS; i++) {
				warm[i] = publisher.publish(payloads.event(i));
			}
			CompletableFuture.allOf(warm).get(WARM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			Clock.park(config.settle());
			long from = System.nanoTime();
			Map<String, Counts> before = ThreadActivity.snapshot(IdlePhase::measured);
			Clock.park(config.window());
			Map<String, Counts> after = ThreadActivity.snapshot(IdlePhase::measured);
			double seconds = (System.nanoTime() - from) / 1e9;
			List<Row> rows = new ArrayList<>();
			for (Map.Entry<String, Counts> entry : after.entrySet()) {
				Counts end = entry.getValue();
				Counts start = before.get(entry.getKey());
				boolean started = start == null || start.tid() != end.tid();
				Counts base = started ? new Counts(end.tid(), 0, 0, 0) : start;
				rows.add(new Row(entry.getKey(), (end.voluntarySwitches() - base.voluntarySwitches()) / seconds,
						(end.involuntarySwitches() - base.involuntarySwitches()) / seconds,
						(end.cpuNanos() - base.cpuNanos()) / 1e6 / seconds, !entry.getKey().startsWith(PREFIX), started));
			}
			for (String gone : before.keySet()) {
				if (!after.containsKey(gone)) {
					log.println("idle        " + gone + " ended during the window, not counted");
				}
			}
			sample = new Sample(seconds, rows);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The idle phase failed", ex);
		}
		finally {
			publisher.close(Duration.ofSeconds(30));
		}
		for (Row row : sample.rows()) {
			log.println(String.format(Locale.ROOT, "idle        %-40s %7.1f wake-ups/s  %6.1f preempted/s  %8.3f CPU ms/s%s",
					row.thread(), row.wakeupsPerSecond(), row.preemptionsPerSecond(), row.cpuMillisPerSecond(),
					row.reference() ? "  (Kafka's, not counted)" : row.startedInWindow() ? "  (started in the window)" : ""));
		}
		log.println(String.format(Locale.ROOT, "idle        total of the publisher's threads: %.1f wake-ups/s, %.3f CPU ms/s over %.1f s",
				sample.wakeupsPerSecond(), sample.cpuMillisPerSecond(), sample.seconds()));
		log.flush();
		return sample;
	}

	private static boolean measured(String name) {
		return name.startsWith(PREFIX) || name.equals(NETWORK_THREAD);
	}

	/**
	 * One thread over the idle window.
	 * @param thread its name
	 * @param wakeupsPerSecond voluntary context switches per second
	 * @param preemptionsPerSecond involuntary ones
	 * @param cpuMillisPerSecond CPU time, ms per second
	 * @param reference whether it is not the publisher's own (the producer's network thread)
	 * @param startedInWindow whether it started during the window (counted from zero)
	 */
	record Row(String thread, double wakeupsPerSecond, double preemptionsPerSecond, double cpuMillisPerSecond,
			boolean reference, boolean startedInWindow) {
	}

	/**
	 * The idle window.
	 * @param seconds its length
	 * @param rows every thread measured
	 */
	record Sample(double seconds, List<Row> rows) {

		/** The publisher's own threads together. */
		double wakeupsPerSecond() {
			return this.rows.stream().filter((row) -> !row.reference()).mapToDouble(Row::wakeupsPerSecond).sum();
		}

		/** The publisher's own threads together. */
		double cpuMillisPerSecond() {
			return this.rows.stream().filter((row) -> !row.reference()).mapToDouble(Row::cpuMillisPerSecond).sum();
		}

	}

}
