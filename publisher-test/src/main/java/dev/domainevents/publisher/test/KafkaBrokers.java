/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Locale;
import java.util.Map;

/**
 * Starts {@link KafkaBroker}s.
 * <p>
 * {@link #start()} starts the kind that the system property {@value #BROKER_PROPERTY} names: {@code process} (the
 * default, a {@link ProcessKafkaBroker}) or {@code testcontainers} (Testcontainers' Kafka, which needs a Docker engine
 * and {@code org.testcontainers:testcontainers-kafka} on the test class path). Tests that kill, pause or restart the
 * broker, or need special broker configuration, use {@link #process()}.
 *
 * @since 0.1.0
 */
public final class KafkaBrokers {

	/** The system property that selects the kind of broker {@link #start()} starts. */
	public static final String BROKER_PROPERTY = "domain-events.test.broker";

	/** The value of {@value #BROKER_PROPERTY} for a {@link ProcessKafkaBroker}, the default. */
	public static final String PROCESS = "process";

	/** The value of {@value #BROKER_PROPERTY} for Testcontainers' Kafka. */
	public static final String TESTCONTAINERS = "testcontainers";

	private KafkaBrokers() {
	}

	/**
	 * Starts a broker of the kind that {@value #BROKER_PROPERTY} selects, with topic auto-creation off, and waits until
	 * it serves requests.
	 * @return the running broker; close it to stop it and delete its data
	 * @throws IllegalArgumentException if the property names an unknown kind
	 */
	public static KafkaBroker start() {
		return start(Map.of(), false);
	}

	/**
	 * Returns a builder for a broker in a child JVM, whatever {@value #BROKER_PROPERTY} says.
	 * @return a new builder
	 */
	public static ProcessKafkaBroker.Builder process() {
		return new ProcessKafkaBroker.Builder();
	}

	static KafkaBroker start(Map<String, String> brokerProperties, boolean autoCreateTopics) {
		String kind = selectedKind();
		if (TESTCONTAINERS.equals(kind)) {
			return startTestcontainers(brokerProperties, autoCreateTopics);
		}
		return process().brokerProperties(brokerProperties).autoCreateTopics(autoCreateTopics).start();
	}

	static String selectedKind() {
		String kind = System.getProperty(BROKER_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
		if (kind.isEmpty() || PROCESS.equals(kind)) {
			return PROCESS;
		}
		if (TESTCONTAINERS.equals(kind)) {
			return TESTCONTAINERS;
		}
		throw new IllegalArgumentException("Unknown broker kind '" + kind + "' in system property " + BROKER_PROPERTY
				+ ": use '" + PROCESS + "' or '" + TESTCONTAINERS + "'");
	}

	/**
	 * Loads {@link TestcontainersKafkaBroker}, and with it Testcontainers, only here: Testcontainers is an optional
	 * dependency that a project running only child-JVM brokers does not have.
	 */
	private static KafkaBroker startTestcontainers(Map<String, String> brokerProperties, boolean autoCreateTopics) {
		try {
			return TestcontainersKafkaBroker.start(brokerProperties, autoCreateTopics);
		}
		catch (NoClassDefFoundError ex) {
			throw new IllegalStateException(BROKER_PROPERTY + "=" + TESTCONTAINERS
					+ " needs org.testcontainers:testcontainers-kafka on the test class path", ex);
		}
	}

}
