/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaBrokersTests {

	private final String previous = System.getProperty(KafkaBrokers.BROKER_PROPERTY);

	@AfterEach
	void restoreTheBrokerProperty() {
		if (this.previous == null) {
			System.clearProperty(KafkaBrokers.BROKER_PROPERTY);
		}
		else {
			System.setProperty(KafkaBrokers.BROKER_PROPERTY, this.previous);
		}
	}

	@Test
	void aChildProcessIsTheDefaultKind() {
		System.clearProperty(KafkaBrokers.BROKER_PROPERTY);
		assertThat(KafkaBrokers.selectedKind()).isEqualTo("process");
	}

	@Test
	void testcontainersIsSelectedByTheSystemProperty() {
		System.setProperty(KafkaBrokers.BROKER_PROPERTY, " Testcontainers ");
		assertThat(KafkaBrokers.selectedKind()).isEqualTo("testcontainers");
	}

	@Test
	void anUnknownKindIsRejectedWithTheChoices() {
		System.setProperty(KafkaBrokers.BROKER_PROPERTY, "docker");
		assertThatIllegalArgumentException().isThrownBy(KafkaBrokers::start)
			.withMessageContaining("'docker'")
			.withMessageContaining("process")
			.withMessageContaining("testcontainers");
	}

	@Test
	void brokerPropertiesBecomeTheApacheKafkaImagesEnvironmentVariables() {
		assertThat(TestcontainersKafkaBroker.environmentVariable("message.max.bytes"))
			.isEqualTo("KAFKA_MESSAGE_MAX_BYTES");
		assertThat(TestcontainersKafkaBroker.environmentVariable("abc-def")).isEqualTo("KAFKA_ABC___DEF");
		assertThat(TestcontainersKafkaBroker.environmentVariable("abc_def.ghi")).isEqualTo("KAFKA_ABC__DEF_GHI");
	}

	@Test
	void theServerPropertiesFileReadsBackAsWritten() throws IOException {
		Map<String, String> written = new LinkedHashMap<>();
		written.put("log.dirs", "/tmp/a b\\c");
		written.put("listeners", "PLAINTEXT://127.0.0.1:1234");
		written.put("sasl.jaas.config", "x required username=\"a\" password=\"b:c\";");
		written.put("weird key=:", " leading space\nand a newline, \u20ac");
		Properties read = new Properties();
		read.load(new StringReader(ServerProperties.toText(written)));
		assertThat(read).containsExactlyInAnyOrderEntriesOf(written);
	}

}
