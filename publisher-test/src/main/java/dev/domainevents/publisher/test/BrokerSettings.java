/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a {@link WithKafkaBroker} annotation asks for, with its {@code key=value} properties parsed.
 * @param dedicated whether the class gets a broker of its own
 * @param brokerProperties the broker properties, sorted by name
 * @param autoCreateTopics whether topics are auto-created
 */
record BrokerSettings(boolean dedicated, Map<String, String> brokerProperties, boolean autoCreateTopics) {

	static final BrokerSettings DEFAULT = new BrokerSettings(false, Map.of(), false);

	static BrokerSettings of(@Nullable WithKafkaBroker annotation) {
		if (annotation == null) {
			return DEFAULT;
		}
		Map<String, String> properties = new TreeMap<>();
		for (String entry : annotation.brokerProperties()) {
			int separator = entry.indexOf('=');
			if (separator <= 0) {
				throw new ExtensionConfigurationException(
						"@WithKafkaBroker brokerProperties entries must look like key=value, not '" + entry + "'");
			}
			properties.put(entry.substring(0, separator).trim(), entry.substring(separator + 1).trim());
		}
		return new BrokerSettings(annotation.dedicated(), properties, annotation.autoCreateTopics());
	}

	/** Identifies a shared broker: classes that ask for the same configuration share one. */
	String sharedKey() {
		return "shared broker, autoCreateTopics=" + this.autoCreateTopics + ", properties=" + this.brokerProperties;
	}

	KafkaBroker startShared() {
		return KafkaBrokers.start(this.brokerProperties, this.autoCreateTopics);
	}

	ProcessKafkaBroker startDedicated() {
		return KafkaBrokers.process()
			.brokerProperties(this.brokerProperties)
			.autoCreateTopics(this.autoCreateTopics)
			.start();
	}

}
