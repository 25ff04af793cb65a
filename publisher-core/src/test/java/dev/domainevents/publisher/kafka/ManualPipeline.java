/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.journal.Journal;
import dev.domainevents.publisher.journal.JournalOptions;

/**
 * The pipeline's parts wired as the publisher wires them, but with no thread of their own: time is a number the test
 * moves, completions run when the test runs the executor's tasks, and the test plays the dispatcher's and the
 * timer's threads by calling their single steps. Nothing here sleeps or needs a broker.
 * <p>
 * {@linkplain #withJournal With a journal} ({@code on-failure}), the journal's writer is a real one, and the spill is
 * a {@link QueueSpill} the test runs on a thread of its own when it wants the kept events appended.
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

	final @Nullable EventJournal journal;

	final @Nullable QueueSpill spill;

	final EventLifecycle lifecycle;

	final InFlightWindow window = new InFlightWindow(64 * 1024);

	final Dispatcher dispatcher;

	final DeadlineTimer timer;

	private int sequence;

	ManualPipeline(String... topicsTheProducerKnows) {
		this(null, topicsTheProducerKnows);
	}

	private ManualPipeline(@Nullable Journal journal, String... topicsTheProducerKnows) {
		this.producer = new StubProducer(topicsTheProducerKnows);
		ProducerFactory<byte[], byte[]> factory = () -> this.producer;
		// Wired as PublisherAssembly wires them.
		this.journal = (journal != null) ? new EventJournal(JournalMode.ON_FAILURE, journal, "journal",
				Long.MAX_VALUE, new PendingBounds(1_000, 1024 * 1024), this.ledger) : null;
		this.lifecycle = new EventLifecycle(this.outcomes, this.completions, this.journal);
		this.dispatcher = new Dispatcher(this.ledger.dispatchQueue(), this.window, new KafkaTemplate<>(factory),
				this.lifecycle, 512, false, this.workers);
		this.timer = new DeadlineTimer(this.ledger, this.lifecycle, this.dispatcher.topicsWritten(), this.completions,
				this.workers);
		if (this.journal != null) {
			JournalReplay replay = new JournalReplay(this.journal, this.ledger, this.dispatcher, this.outcomes,
					this.bounds.maxEvents(), Duration.ofMillis(100), Duration.ofSeconds(1), this.workers);
			this.spill = this.journal.connect(this.lifecycle, replay, this.dispatcher, this.completions, this.workers);
		}
		else {
			this.spill = null;
		}
	}

	/**
	 * A pipeline with an {@code on-failure} journal in the directory, opened here; the test closes it with
	 * {@link #closeJournal()}.
	 */
	static ManualPipeline withJournal(Path directory, String... topicsTheProducerKnows) {
		return new ManualPipeline(Journal.open(JournalOptions.of(directory, 64L * 1024 * 1024)),
				topicsTheProducerKnows);
	}

	/** Stops the spill thread, if the test started one, and closes the journal. */
	void closeJournal() {
		if (this.spill != null) {
			this.spill.stop();
		}
		if (this.journal != null) {
			this.journal.journal().close();
		}
	}

	/** Accepts an event for a topic, as {@code publish()} would after preparing it. */
	PendingEvent accept(String topic, String key) {
		return accept(new ProducerRecord<>(topic, null, null, key.getBytes(StandardCharsets.UTF_8),
				("event-" + (this.sequence + 1)).getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
	}

	/** Accepts an event with the given record, whose key must be UTF-8. */
	PendingEvent accept(ProducerRecord<byte[], byte[]> record) {
		PendingEvent event = prepare(record);
		if (this.ledger.offer(event, 0) != PendingBounds.Admission.ACCEPTED) {
			throw new IllegalStateException("The ledger refused an event");
		}
		return event;
	}

	/** An event as {@code publish()} prepares it, not yet offered to anyone; its record's key must be UTF-8. */
	PendingEvent prepare(ProducerRecord<byte[], byte[]> record) {
		int number = ++this.sequence;
		String key = new String(record.key(), StandardCharsets.UTF_8);
		return new PendingEvent(EventMessage.of("event-" + number), "id-" + number, "type", key, record, 100, null,
				(pending) -> {
				});
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
