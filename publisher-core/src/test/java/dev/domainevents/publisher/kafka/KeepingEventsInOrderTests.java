/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domainevents.publisher.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events that go to the {@code on-failure} journal reach it in their key's order whichever threads move them there:
 * the producer's network thread for an event whose send failed, the deadline timer, the spill thread and the shutdown
 * for the events they claim or admit. The threads are the test's, and it holds one of them where the scheduler of a
 * loaded machine might.
 */
class KeepingEventsInOrderTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private ManualPipeline pipeline;

	@AfterEach
	void closeTheJournal() {
		if (this.pipeline != null) {
			this.pipeline.closeJournal();
		}
	}

	@Test
	void anEventWhoseSendFailedIsJournaledBeforeTheNewerEventOfItsKeyThatTheDeadlineTimerClaimsMeanwhile()
			throws Exception {
		this.pipeline = ManualPipeline.withJournal(this.directory, "orders");
		this.pipeline.dispatcher.metadataArrived("orders");
		StallingRecord olderRecord = new StallingRecord("orders", "key-19", "older");
		PendingEvent older = this.pipeline.accept(olderRecord);
		PendingEvent newer = this.pipeline.accept("orders", "key-19");
		this.pipeline.dispatch();
		assertThat(older.stage()).isEqualTo(EventLifecycle.Stage.IN_FLIGHT);
		assertThat(newer.stage()).isEqualTo(EventLifecycle.Stage.IN_FLIGHT);
		// The broker is gone: the producer expires the older event's batch just as both events' deadlines pass.
		this.pipeline.advance(ManualPipeline.DELIVERY_TIMEOUT);

		Thread network = new Thread(() -> this.pipeline.producer
			.errorNext(new TimeoutException("Expiring 1 record(s) for orders-0: 10000 ms has passed")),
				"kafka-producer-network-thread");
		// Held once the send callback has decided the older event, before it is in the journal's hands.
		olderRecord.stallWhen = () -> Thread.currentThread() == network
				&& older.stage() == EventLifecycle.Stage.DECIDED;
		network.start();
		assertThat(olderRecord.stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the callback reached the hold")
			.isTrue();

		Thread timer = new Thread(this.pipeline::expireDue, "domain-events-deadlines");
		timer.start();
		// The timer either claims the newer event now, or waits for the callback to be done with the older one.
		await().atMost(WAIT)
			.until(() -> EnumSet.of(Thread.State.WAITING, Thread.State.TERMINATED).contains(timer.getState()));
		olderRecord.resume.countDown();
		network.join(WAIT.toMillis());
		timer.join(WAIT.toMillis());

		Thread spill = new Thread(this.pipeline.spill, "domain-events-journal-spill");
		spill.start();
		await().atMost(WAIT).until(() -> older.journalPosition >= 0 && newer.journalPosition >= 0);
		this.pipeline.executor.runAll();

		PublishReceipt olderReceipt = older.future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		PublishReceipt newerReceipt = newer.future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(olderReceipt.isJournaled()).isTrue();
		assertThat(newerReceipt.isJournaled()).isTrue();
		assertThat(olderReceipt.journalPosition()).as("the older event's position, before the newer one's (%d)",
				newerReceipt.journalPosition())
			.isLessThan(newerReceipt.journalPosition());
		assertThat(this.pipeline.ledger.stats(0, 0, 0)).satisfies((stats) -> {
			assertThat(stats.accepted()).isEqualTo(2);
			assertThat(stats.succeeded()).isEqualTo(2);
			assertThat(stats.pending()).isZero();
		});
	}

	@Test
	void eventsKeptAndSpilledWhileTheSpillAppendsAdmittedEventsGoBeforeTheNewerAdmittedEventsOfTheirKey()
			throws Exception {
		this.pipeline = ManualPipeline.withJournal(this.directory, "orders");
		this.pipeline.dispatcher.metadataArrived("orders");
		PendingEvent failing = this.pipeline.accept("orders", "key-19");
		PendingEvent pending = this.pipeline.accept("orders", "key-19");
		this.pipeline.dispatch();
		Thread spill = new Thread(this.pipeline.spill, "domain-events-journal-spill");
		spill.start();
		// An event of another key whose key waits behind journaled events: the spill thread is held appending it.
		StallingRecord otherKeysRecord = new StallingRecord("orders", "key-7", "other key");
		otherKeysRecord.stallWhen = () -> Thread.currentThread() == spill;
		PendingEvent otherKeys = this.pipeline.prepare(otherKeysRecord);
		assertThat(this.pipeline.journal.keepAtAdmission(otherKeys, false)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		assertThat(otherKeysRecord.stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the spill reached the hold")
			.isTrue();

		// Meanwhile Kafka fails the older event: it is kept, fences its key, and the events behind it are to follow.
		this.pipeline.producer.errorNext(new TimeoutException("Expiring 1 record(s) for orders-0: 10000 ms has passed"));
		PendingEvent newer = this.pipeline.prepare(record("orders", "key-19", "newer"));
		assertThat(this.pipeline.journal.isFenced(newer)).isTrue();
		assertThat(this.pipeline.journal.keepAtAdmission(newer, false)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		otherKeysRecord.resume.countDown();

		await().atMost(WAIT).until(() -> otherKeys.journalPosition >= 0 && failing.journalPosition >= 0
				&& pending.journalPosition >= 0 && newer.journalPosition >= 0);
		assertThat(new long[] { failing.journalPosition, pending.journalPosition, newer.journalPosition })
			.as("the journal positions of key-19's events, in publish order")
			.isSorted();
		this.pipeline.executor.runAll();
		assertThat(this.pipeline.ledger.stats(0, 0, 0)).satisfies((stats) -> {
			assertThat(stats.accepted()).isEqualTo(4);
			assertThat(stats.succeeded()).isEqualTo(4);
			assertThat(stats.pending()).isZero();
		});
	}

	@Test
	void anEventTheShutdownClaimsIsJournaledBeforeTheNewerEventOfItsKeyWhoseSendFailsMeanwhile() throws Exception {
		this.pipeline = ManualPipeline.withJournal(this.directory, "orders");
		this.pipeline.dispatcher.metadataArrived("orders");
		StallingRecord olderRecord = new StallingRecord("orders", "key-19", "older");
		PendingEvent older = this.pipeline.accept(olderRecord);
		// The newer event falls in the shutdown's second claim, after the lock was let go once.
		for (int i = 1; i < EventLedger.MAX_WORK_PER_HOLD; i++) {
			this.pipeline.accept("orders", "other-" + i);
		}
		PendingEvent newer = this.pipeline.accept("orders", "key-19");
		this.pipeline.dispatch();
		assertThat(newer.stage()).isEqualTo(EventLifecycle.Stage.IN_FLIGHT);
		this.pipeline.ledger.beginClosing();

		// The close's timeout passed: it claims what is still pending, as PublisherShutdown does, and is held once it
		// has decided the older event.
		Thread closing = new Thread(() -> {
			List<PendingEvent> claimed = new ArrayList<>();
			boolean more;
			do {
				more = this.pipeline.ledger.claimPending(claimed);
				for (PendingEvent event : claimed) {
					this.pipeline.lifecycle.failDecided(event, Failure.shutDown(event.stageWhenDecided));
				}
				claimed.clear();
			}
			while (more);
		}, "closing");
		olderRecord.stallWhen = () -> Thread.currentThread() == closing
				&& older.stage() == EventLifecycle.Stage.DECIDED;
		closing.start();
		assertThat(olderRecord.stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the close reached the hold")
			.isTrue();

		// Meanwhile the producer fails every event it has, in order.
		Thread network = new Thread(() -> {
			while (this.pipeline.producer.errorNext(new TimeoutException("Expiring 1 record(s) for orders-0"))) {
				// One callback per record, as the network thread runs them.
			}
		}, "kafka-producer-network-thread");
		network.start();
		// It either hands the newer event to the journal now, or waits for the close to be done with the older one.
		await().atMost(WAIT)
			.until(() -> EnumSet.of(Thread.State.WAITING, Thread.State.TERMINATED).contains(network.getState()));
		olderRecord.resume.countDown();
		closing.join(WAIT.toMillis());
		network.join(WAIT.toMillis());

		Thread spill = new Thread(this.pipeline.spill, "domain-events-journal-spill");
		spill.start();
		await().atMost(WAIT).until(() -> older.journalPosition >= 0 && newer.journalPosition >= 0);
		assertThat(older.journalPosition).as("the older event's position, before the newer one's (%d)",
				newer.journalPosition)
			.isLessThan(newer.journalPosition);
	}

	private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
		return new ProducerRecord<>(topic, null, null, key.getBytes(StandardCharsets.UTF_8),
				value.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
	}

	/**
	 * A record whose {@code topic()} holds the calling thread, once, when {@link #stallWhen} says so: the pipeline
	 * reads an event's topic wherever it handles the event, so the test can hold a thread at a chosen point of its way.
	 */
	private static final class StallingRecord extends ProducerRecord<byte[], byte[]> {

		final CountDownLatch stalled = new CountDownLatch(1);

		final CountDownLatch resume = new CountDownLatch(1);

		volatile BooleanSupplier stallWhen = () -> false;

		StallingRecord(String topic, String key, String value) {
			super(topic, null, null, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
					new RecordHeaders());
		}

		@Override
		public String topic() {
			if (this.stalled.getCount() > 0 && this.stallWhen.getAsBoolean()) {
				this.stalled.countDown();
				try {
					this.resume.await(WAIT.toSeconds(), TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.topic();
		}

	}

}
