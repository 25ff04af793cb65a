/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailureLog}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureLogTests {

	@Test
	void eachFailureIsLoggedOnceWithoutItsPayloadAndABurstIsCappedAndKeptAsRecent(CapturedOutput output) {
		FailureLog log = new FailureLog();
		for (int i = 0; i < 100; i++) {
			log.failed(new PublicationFailedException(FailureReason.DELIVERY_TIMEOUT, null, null,
					EventMessage.of("secret payload " + i).withEventId("event-" + i).withTopic("orders"), true, false));
		}

		assertThat(output.getAll().lines().filter((line) -> line.contains("failed: DELIVERY_TIMEOUT")))
			.hasSize(FailureLog.LINES_PER_SECOND);
		assertThat(output).contains("Event event-0 ").contains(" to topic orders ").doesNotContain("secret payload");
		assertThat(log.recent()).hasSize(FailureLog.RECENT);
		assertThat(log.recent().get(FailureLog.RECENT - 1).eventId()).isEqualTo("event-99");
	}

}
