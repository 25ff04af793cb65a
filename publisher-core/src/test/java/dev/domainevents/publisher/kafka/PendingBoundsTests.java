/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the room every accepted event holds until its future completed, without Kafka.
 */
class PendingBoundsTests {

	private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

	@Test
	void roomIsBoundedInEventsAndInBytes() {
		PendingBounds bounds = new PendingBounds(2, 1_000);
		assertThat(bounds.reserve(400, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		assertThat(bounds.reserve(700, 0)).as("over the bytes").isEqualTo(PendingBounds.Admission.FULL);
		assertThat(bounds.reserve(600, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		assertThat(bounds.reserve(1, 0)).as("over the events").isEqualTo(PendingBounds.Admission.FULL);
		bounds.release(1, 400);
		assertThat(bounds.reserve(400, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		assertThat(bounds.events()).isEqualTo(2);
		assertThat(bounds.bytes()).isEqualTo(1_000);
	}

	@Test
	void callersWaitingForRoomGetItInArrivalOrder() throws Exception {
		PendingBounds bounds = new PendingBounds(1, 1_000);
		assertThat(bounds.reserve(10, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		List<Integer> admitted = new CopyOnWriteArrayList<>();
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int caller = i;
			Thread thread = new Thread(() -> {
				if (bounds.reserve(10, LONG_WAIT) == PendingBounds.Admission.ACCEPTED) {
					admitted.add(caller);
				}
			});
			callers.add(thread);
			thread.start();
			// The next caller starts only once this one waits: arrival order is known.
			await().atMost(Duration.ofSeconds(5)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
		}
		for (int i = 0; i < 5; i++) {
			int expected = i + 1;
			bounds.release(1, 10);
			await().atMost(Duration.ofSeconds(5)).until(() -> admitted.size() == expected);
		}
		for (Thread thread : callers) {
			thread.join(5_000);
		}
		assertThat(admitted).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void aNewCallerNeverTakesRoomWhileAnEarlierOneWaits() throws Exception {
		PendingBounds bounds = new PendingBounds(10, 1_000);
		assertThat(bounds.reserve(900, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		List<String> admitted = new CopyOnWriteArrayList<>();
		Thread large = new Thread(() -> {
			if (bounds.reserve(500, LONG_WAIT) == PendingBounds.Admission.ACCEPTED) {
				admitted.add("large");
			}
		});
		large.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> large.getState() == Thread.State.TIMED_WAITING);

		// A small event would fit, but the large one came first.
		assertThat(bounds.reserve(50, 0)).isEqualTo(PendingBounds.Admission.FULL);
		bounds.release(1, 900);
		large.join(5_000);

		assertThat(admitted).containsExactly("large");
		assertThat(bounds.reserve(50, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
	}

	@Test
	void aWaiterThatGivesUpLetsTheNextInLineIn() throws Exception {
		PendingBounds bounds = new PendingBounds(10, 1_000);
		assertThat(bounds.reserve(900, 0)).isEqualTo(PendingBounds.Admission.ACCEPTED);
		Thread impatient = new Thread(() -> bounds.reserve(500, TimeUnit.MILLISECONDS.toNanos(200)));
		impatient.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> impatient.getState() == Thread.State.TIMED_WAITING);
		List<String> admitted = new CopyOnWriteArrayList<>();
		Thread small = new Thread(() -> {
			if (bounds.reserve(50, LONG_WAIT) == PendingBounds.Admission.ACCEPTED) {
				admitted.add("small");
			}
		});
		small.start();
		impatient.join(5_000);
		small.join(5_000);
		assertThat(admitted).containsExactly("small");
	}

	@Test
	void closingWakesEveryWaiterWithClosing() throws Exception {
		PendingBounds bounds = new PendingBounds(1, 1_000);
		bounds.reserve(10, 0);
		List<PendingBounds.Admission> outcomes = new CopyOnWriteArrayList<>();
		Thread waiter = new Thread(() -> outcomes.add(bounds.reserve(10, LONG_WAIT)));
		waiter.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
		bounds.close();
		waiter.join(5_000);
		assertThat(outcomes).containsExactly(PendingBounds.Admission.CLOSING);
		assertThat(bounds.reserve(1, 0)).isEqualTo(PendingBounds.Admission.CLOSING);
	}

}
