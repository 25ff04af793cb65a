/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.EventMessage;

/**
 * The pipeline's parts wired as the publisher wires them, but with no thread of their own: time is a number the test
 * moves, completions run when the test runs the executor's tasks, and the test plays the dispatcher's and the
 * timer's threads by calling their single steps. Nothing here sleeps or needs a broker.
 */
final class ManualPipeline {

	static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

	private long now = 1_000_000_000L;

	final ManualExecutor executor = new ManualExecutor();

	final StubProducer producer;

	final PendingBounds bounds = new PendingBounds(1_000, 1024 * 1024);

	final EventLedger ledger = new EventLedger(this.bounds, DELIVERY_TIMEOUT.toNanos(), 0.25, () -> this.now);

	final Workers workers = new Workers();

	final OutcomeReporter outcomes = new OutcomeReporter(List.of(), this.workers);

	final CompletionDrain completions = new CompletionDrain(this.executor, true, this.ledger::completed, this.bounds,
			this.workers);

	final EventLifecycle lifecycle = new EventLifecycle(this.outcomes, this.completions, null);

	final InFlightWindow window = new InFlightWindow(64 * 1024);

	final Dispatcher dispatcher;

	final DeadlineTimer timer;

	private int sequence;

	ManualPipeline(String... topicsTheProducerKnows) {
		this.producer = new StubProducer(topicsTheProducerKnows);
		ProducerFactory<byte[], byte[]> factory = () -> this.producer;
		this.dispatcher = new Dispatcher(this.ledger.dispatchQueue(), this.window, new KafkaTemplate<>(factory),
				this.lifecycle, 512, false, this.workers);
		this.timer = new DeadlineTimer(this.ledger, this.lifecycle, this.dispatcher.topicsWritten(), this.completions,
				this.workers);
	}

	/** Accepts an event for a topic, as {@code publish()} would after preparing it. */
	PendingEvent accept(String topic, String key) {
		int number = ++this.sequence;
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null,
				key.getBytes(StandardCharsets.UTF_8), ("event-" + number).getBytes(StandardCharsets.UTF_8),
				new RecordHeaders());
		PendingEvent event = new PendingEvent(EventMessage.of("event-" + number), "id-" + number, "type", key, record,
				100, null, (pending) -> {
				});
		if (this.ledger.offer(event, 0) != PendingBounds.Admission.ACCEPTED) {
			throw new IllegalStateException("The ledger refused an event");
		}
		return event;
	}

	void advance(Duration duration) {
		this.now += duration.toNanos();
	}

	/** Runs the deadline timer's step at the current time. */
	void expireDue() {
		this.timer.expireDue(this.now, new ArrayList<>());
	}

	/** Runs the dispatcher's steps until it finds nothing more to take. */
	void dispatch() {
		while (this.dispatcher.dispatchOnce()) {
			// Each step takes one batch; parked and refused events come back in later ones.
		}
	}

	/** The values of the records the producer was given, in send order. */
	List<String> sentValues() {
		return this.producer.history()
			.stream()
			.map((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.toList();
	}

	Set<String> topicsWritten() {
		return new HashSet<>(this.dispatcher.topicsWritten());
	}

	/** An executor that runs its tasks only when the test says so, on the test's thread. */
	static final class ManualExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runAll() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

	}

}
