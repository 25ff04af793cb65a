/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the batched completion of futures, without Kafka.
 */
class CompletionDrainTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Set<PendingEvent> counted = ConcurrentHashMap.newKeySet();

	private final CompletionDrain completions = new CompletionDrain(this.executor, true, this.counted::addAll,
			new PendingBounds(1_000, 1 << 20), new Workers());

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void aCallbackWaitingForAnEventQueuedBehindItGetsAnotherDrainTask() throws Exception {
		PendingEvent first = succeeded("first");
		PendingEvent second = succeeded("second");
		List<String> joined = new CopyOnWriteArrayList<>();
		first.future.thenRun(() -> joined.add(second.future.join().eventId()));
		Thread watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				this.completions.helpIfStalled();
				try {
					TimeUnit.MILLISECONDS.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		watcher.start();
		try {
			this.completions.add(first);
			// Queued behind the blocked callback: only a second drain task can complete it.
			this.completions.add(second);

			assertThat(second.future.get(10, TimeUnit.SECONDS).eventId()).isEqualTo("second");
			first.future.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> joined.size() == 1);
			assertThat(joined).containsExactly("second");
		}
		finally {
			watcher.interrupt();
			watcher.join();
		}
	}

	@Test
	void theLedgerCountsEveryEventBeforeItsFutureCompletes() throws Exception {
		List<PendingEvent> events = new CopyOnWriteArrayList<>();
		List<Boolean> countedWhenCompleted = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 2000; i++) {
			PendingEvent event = succeeded("event-" + i);
			event.future.thenRun(() -> countedWhenCompleted.add(this.counted.contains(event)));
			events.add(event);
		}
		Thread[] adders = new Thread[4];
		for (int t = 0; t < adders.length; t++) {
			int offset = t;
			adders[t] = new Thread(() -> {
				for (int i = offset; i < events.size(); i += adders.length) {
					this.completions.add(events.get(i));
				}
			});
			adders[t].start();
		}
		for (Thread adder : adders) {
			adder.join();
		}
		for (PendingEvent event : events) {
			event.future.get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> countedWhenCompleted.size() == events.size());
		assertThat(countedWhenCompleted).hasSize(2000).containsOnly(true);
		assertThat(this.counted).hasSize(2000);
	}

	private static PendingEvent succeeded(String eventId) {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("orders", new byte[0]);
		PendingEvent event = new PendingEvent(EventMessage.of(eventId), eventId, "type", null, record, 100, null,
				(pending) -> {
				});
		EventLifecycle.decide(event);
		event.succeedWith(new PublishReceipt(eventId, "orders", 0, 0, Instant.EPOCH));
		return event;
	}

}
