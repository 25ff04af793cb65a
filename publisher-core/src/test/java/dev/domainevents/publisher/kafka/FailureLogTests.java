/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FailureLog}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureLogTests {

	private static final Pattern SUMMARY = Pattern.compile("(\\d+) more domain events failed in the last second");

	@Test
	void eachFailureIsLoggedOnceWithoutItsPayloadAndABurstIsCappedAndKeptAsRecent(CapturedOutput output) {
		long created = System.nanoTime();
		FailureLog log = new FailureLog();
		for (int i = 0; i < 100; i++) {
			log.failed(failure(i));
		}
		assertThat(log.recent()).hasSize(FailureLog.RECENT);
		assertThat(log.recent().get(FailureLog.RECENT - 1).eventId()).isEqualTo("event-99");
		// One failure in a later window reports what the burst's window did not log one by one.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> System.nanoTime() - created > TimeUnit.MILLISECONDS.toNanos(1_100));
		log.failed(failure(100));

		// The log's own windows, not the test's stopwatch: a summary line closes each window that suppressed lines.
		List<List<String>> windows = new ArrayList<>();
		windows.add(new ArrayList<>());
		long suppressed = 0;
		for (String line : output.getAll().lines().toList()) {
			Matcher summary = SUMMARY.matcher(line);
			if (summary.find()) {
				suppressed += Long.parseLong(summary.group(1));
				windows.add(new ArrayList<>());
			}
			else if (line.contains("failed: DELIVERY_TIMEOUT")) {
				windows.get(windows.size() - 1).add(line);
			}
		}
		List<String> logged = windows.stream().flatMap(List::stream).toList();
		assertThat(windows.get(0)).as("lines of the burst's window").hasSize(FailureLog.LINES_PER_SECOND);
		assertThat(windows).as("lines of each window").allSatisfy((lines) -> assertThat(lines)
			.hasSizeLessThanOrEqualTo(FailureLog.LINES_PER_SECOND));
		assertThat(suppressed).as("failures counted, not logged one by one").isPositive();
		assertThat(logged.size() + suppressed).as("every failure accounted for once").isEqualTo(101);
		assertThat(logged).as("one line for each failure logged").doesNotHaveDuplicates();
		assertThat(output).contains("Event event-0 ")
			.contains("Event event-100 ")
			.contains(" to topic orders ")
			.doesNotContain("secret payload");
	}

	private static PublicationFailedException failure(int i) {
		return new PublicationFailedException(FailureReason.DELIVERY_TIMEOUT, null, null,
				EventMessage.of("secret payload " + i).withEventId("event-" + i).withTopic("orders"), true, false);
	}

}
