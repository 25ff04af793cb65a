/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the supervision of the publisher's own threads, without Kafka.
 */
class WorkersTests {

	@Test
	void aThreadThatDiesIsRestartedAndReportedAsAProblem() throws Exception {
		Workers workers = new Workers();
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch restarted = new CountDownLatch(1);
		workers.start("domain-events-test-worker", () -> {
			if (runs.incrementAndGet() == 1) {
				throw new OutOfMemoryError("simulated: an error a loop must not survive");
			}
			restarted.countDown();
		});

		assertThat(restarted.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(workers.problem()).contains("domain-events-test-worker").contains("OutOfMemoryError");
		workers.awaitStopped(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
		assertThat(workers.allStopped()).isTrue();
	}

	@Test
	void onlyErrorsOfTheJvmItselfAreFatal() {
		assertThat(Workers.isFatal(new OutOfMemoryError())).isTrue();
		assertThat(Workers.isFatal(new InternalError())).isTrue();
		assertThat(Workers.isFatal(new StackOverflowError())).isFalse();
		assertThat(Workers.isFatal(new AssertionError())).isFalse();
		assertThat(Workers.isFatal(new Error("a user's"))).isFalse();
		assertThat(Workers.isFatal(new IllegalStateException())).isFalse();
	}

	@Test
	void survivedErrorsLeaveNoProblem() {
		Workers workers = new Workers();
		for (int i = 0; i < 1_000; i++) {
			workers.survived("testing", new Error("a user's error, every time"));
		}
		assertThat(workers.problem()).isNull();
		await().atMost(Duration.ofSeconds(1)).until(workers::allStopped);
	}

}
