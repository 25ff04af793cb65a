/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a {@link WithKafkaBroker} annotation asks for, with its {@code key=value} properties and its
 * {@code name:partitions} topics parsed.
 * @param dedicated whether the class gets a broker of its own
 * @param brokerProperties the broker properties, sorted by name
 * @param autoCreateTopics whether topics are auto-created
 * @param topics the topics to create, by name, with their partition counts
 */
record BrokerSettings(boolean dedicated, Map<String, String> brokerProperties, boolean autoCreateTopics,
		Map<String, Integer> topics) {

	static final BrokerSettings DEFAULT = new BrokerSettings(false, Map.of(), false, Map.of());

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
		Map<String, Integer> topics = new LinkedHashMap<>();
		for (String entry : annotation.topics()) {
			topics.put(topicName(entry), topicPartitions(entry));
		}
		return new BrokerSettings(annotation.dedicated(), properties, annotation.autoCreateTopics(),
				Collections.unmodifiableMap(topics));
	}

	private static String topicName(String entry) {
		int separator = entry.lastIndexOf(':');
		String name = ((separator < 0) ? entry : entry.substring(0, separator)).trim();
		if (name.isEmpty()) {
			throw malformedTopic(entry);
		}
		return name;
	}

	private static int topicPartitions(String entry) {
		int separator = entry.lastIndexOf(':');
		if (separator < 0) {
			return 1;
		}
		try {
			int partitions = Integer.parseInt(entry.substring(separator + 1).trim());
			if (partitions < 1) {
				throw malformedTopic(entry);
			}
			return partitions;
		}
		catch (NumberFormatException ex) {
			throw malformedTopic(entry);
		}
	}

	private static ExtensionConfigurationException malformedTopic(String entry) {
		return new ExtensionConfigurationException(
				"@WithKafkaBroker topics entries must look like name or name:partitions, not '" + entry + "'");
	}

	/**
	 * Identifies a shared broker: classes that ask for the same configuration share one. The topics are not part of
	 * it: every class creates its own on the broker it shares.
	 */
	String sharedKey() {
		return "shared broker, autoCreateTopics=" + this.autoCreateTopics + ", properties=" + this.brokerProperties;
	}

	/**
	 * Starts a shared broker. A child JVM is not killed by the JVM's shutdown hook: Spring's test context cache closes
	 * the application contexts it keeps in shutdown hooks of their own, which would race such a kill, so the last of
	 * them closes it ({@link SharedKafkaBrokers}); should none do so, the child halts by itself once this JVM is gone.
	 */
	KafkaBroker startShared() {
		if (KafkaBrokers.TESTCONTAINERS.equals(KafkaBrokers.selectedKind())) {
			return KafkaBrokers.start(this.brokerProperties, this.autoCreateTopics);
		}
		return KafkaBrokers.process()
			.brokerProperties(this.brokerProperties)
			.autoCreateTopics(this.autoCreateTopics)
			.killedByShutdownHook(false)
			.start();
	}

	ProcessKafkaBroker startDedicated() {
		return KafkaBrokers.process()
			.brokerProperties(this.brokerProperties)
			.autoCreateTopics(this.autoCreateTopics)
			.start();
	}

}
