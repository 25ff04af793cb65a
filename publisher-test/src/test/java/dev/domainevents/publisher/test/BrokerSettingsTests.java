/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BrokerSettingsTests {

	@Test
	void propertiesAreSplitAtTheFirstEqualsSign() {
		BrokerSettings settings = BrokerSettings.of(Annotated.class.getAnnotation(WithKafkaBroker.class));
		assertThat(settings.dedicated()).isTrue();
		assertThat(settings.autoCreateTopics()).isTrue();
		assertThat(settings.brokerProperties()).containsExactlyInAnyOrderEntriesOf(
				Map.of("message.max.bytes", "2097152", "listener.name.plaintext.plain.sasl.jaas.config", "a=b"));
	}

	@Test
	void aPropertyWithoutAnEqualsSignIsRejected() {
		assertThatExceptionOfType(ExtensionConfigurationException.class)
			.isThrownBy(() -> BrokerSettings.of(Malformed.class.getAnnotation(WithKafkaBroker.class)))
			.withMessageContaining("message.max.bytes");
	}

	@Test
	void classesAskingForTheSameConfigurationShareABroker() {
		BrokerSettings first = BrokerSettings.of(Annotated.class.getAnnotation(WithKafkaBroker.class));
		BrokerSettings second = BrokerSettings.of(Reordered.class.getAnnotation(WithKafkaBroker.class));
		assertThat(first.sharedKey()).isEqualTo(second.sharedKey()).isNotEqualTo(BrokerSettings.DEFAULT.sharedKey());
	}

	@Test
	void topicsAreNamesWithAnOptionalPartitionCount() {
		BrokerSettings settings = BrokerSettings.of(WithTopics.class.getAnnotation(WithKafkaBroker.class));
		assertThat(settings.topics()).containsExactly(Map.entry("orders", 3), Map.entry("payments", 1));
	}

	@Test
	void aTopicWithoutAValidPartitionCountIsRejected() {
		assertThatExceptionOfType(ExtensionConfigurationException.class)
			.isThrownBy(() -> BrokerSettings.of(MalformedTopic.class.getAnnotation(WithKafkaBroker.class)))
			.withMessageContaining("orders:none");
	}

	@WithKafkaBroker(topics = { "orders:3", "payments" })
	static class WithTopics {

	}

	@WithKafkaBroker(topics = "orders:none")
	static class MalformedTopic {

	}

	@WithKafkaBroker(dedicated = true, autoCreateTopics = true,
			brokerProperties = { "message.max.bytes=2097152", "listener.name.plaintext.plain.sasl.jaas.config=a=b" })
	static class Annotated {

	}

	@WithKafkaBroker(autoCreateTopics = true,
			brokerProperties = { "listener.name.plaintext.plain.sasl.jaas.config = a=b", "message.max.bytes=2097152" })
	static class Reordered {

	}

	@WithKafkaBroker(brokerProperties = "message.max.bytes")
	static class Malformed {

	}

}
