/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchIllegalStateException;

class ProcessKafkaBrokerStartupIntegrationTests {

	private static final Pattern DATA_DIRECTORY = Pattern.compile("data in (\\S+)\\)");

	@Test
	void closingAPausedBrokerEndsItsProcessAndDeletesItsData() {
		ProcessKafkaBroker broker = KafkaBrokers.process().start();
		long pid = broker.pid();
		Path dataDirectory = broker.dataDirectory();
		assertThat(dataDirectory.resolve("kafka-logs/meta.properties")).as("the formatted storage").exists();
		broker.pause();

		broker.close();

		assertThat(broker.isRunning()).isFalse();
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the broker's process").isEmpty();
		assertThat(dataDirectory).doesNotExist();
	}

	@Test
	void aBrokerThatCannotStartReportsTheEndOfItsLogAndLeavesNoData() {
		IllegalStateException failure = catchIllegalStateException(
				() -> KafkaBrokers.process().brokerProperty("num.io.threads", "many").start());

		assertThat(failure).hasMessageContaining("exited with status")
			.hasMessageContaining("Last lines of")
			.hasMessageContaining("Invalid value many for configuration num.io.threads");
		Matcher dataDirectory = DATA_DIRECTORY.matcher(failure.getMessage());
		assertThat(dataDirectory.find()).as("the message names the data directory").isTrue();
		assertThat(Path.of(dataDirectory.group(1))).doesNotExist();
	}

}
