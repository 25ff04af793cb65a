/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

/**
 * The brokers of {@link WithKafkaBroker} classes, for the two that ask for them: the JUnit extension
 * ({@link KafkaBrokerExtension}) and the Spring test context ({@link KafkaBrokerContextCustomizer}). Neither can reach
 * the other's state (a Spring context is built without JUnit's extension context), so both come here, where a class
 * finds the same broker whichever asks first.
 * <p>
 * A shared broker is held by leases: one for the whole JUnit run and one per Spring application context that uses
 * it. It closes when the last lease is released, so that an application context that Spring's cache keeps beyond the
 * run (it closes those when the JVM shuts down) still finds its broker while it stops its clients. A dedicated broker
 * belongs to its class and closes after it; the class's application context is closed just before
 * ({@link KafkaBrokerTestExecutionListener}).
 */
final class BrokerRegistry {

	private static final Map<String, Shared> shared = new HashMap<>();

	private static final Map<Class<?>, ProcessKafkaBroker> dedicated = new HashMap<>();

	/** The topics created from {@link WithKafkaBroker#topics()} on each broker, so that each is created once. */
	private static final Map<KafkaBroker, Set<String>> createdTopics = new WeakHashMap<>();

	private BrokerRegistry() {
	}

	/**
	 * Returns a lease on the shared broker of these settings, starting it if no lease holds it.
	 * @param settings the settings
	 * @return a lease; close it once the broker is no longer needed
	 */
	static Lease lease(BrokerSettings settings) {
		String key = settings.sharedKey();
		synchronized (shared) {
			Shared entry = shared.get(key);
			if (entry == null) {
				entry = new Shared(key, settings.startShared());
				shared.put(key, entry);
			}
			entry.leases++;
			return new Lease(entry);
		}
	}

	/**
	 * Returns the dedicated broker of a class, starting it if needed.
	 * @param owner the class that carries {@link WithKafkaBroker}
	 * @param settings its settings
	 * @return the broker
	 */
	static ProcessKafkaBroker dedicated(Class<?> owner, BrokerSettings settings) {
		synchronized (dedicated) {
			return dedicated.computeIfAbsent(owner, (key) -> settings.startDedicated());
		}
	}

	/**
	 * Closes the dedicated broker of a class, if it has one.
	 * @param owner the class that carries {@link WithKafkaBroker}
	 */
	static void closeDedicated(Class<?> owner) {
		@Nullable ProcessKafkaBroker broker;
		synchronized (dedicated) {
			broker = dedicated.remove(owner);
		}
		if (broker != null) {
			broker.close();
		}
	}

	/**
	 * Creates the topics of a {@link WithKafkaBroker} that this broker does not have yet. A topic that exists already
	 * (another class asked for it, or a test created it) is left as it is.
	 * @param broker the broker
	 * @param topics the topics by name, with their partition counts
	 */
	static void createTopics(KafkaBroker broker, Map<String, Integer> topics) {
		if (topics.isEmpty()) {
			return;
		}
		synchronized (createdTopics) {
			Set<String> created = createdTopics.computeIfAbsent(broker, (key) -> new HashSet<>());
			topics.forEach((name, partitions) -> {
				if (created.add(name)) {
					createTopic(broker, name, partitions);
				}
			});
		}
	}

	private static void createTopic(KafkaBroker broker, String name, int partitions) {
		try {
			broker.createTopic(name, partitions);
		}
		catch (RuntimeException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

	private static void release(Shared entry) {
		synchronized (shared) {
			entry.leases--;
			if (entry.leases > 0) {
				return;
			}
			shared.remove(entry.key);
		}
		entry.broker.close();
	}

	/** A shared broker and how many leases hold it. */
	private static final class Shared {

		private final String key;

		private final KafkaBroker broker;

		private int leases;

		Shared(String key, KafkaBroker broker) {
			this.key = key;
			this.broker = broker;
		}

	}

	/** One holder's claim on a shared broker; closing it releases the claim, once. */
	static final class Lease implements AutoCloseable {

		private final Shared entry;

		private boolean released;

		private Lease(Shared entry) {
			this.entry = entry;
		}

		KafkaBroker broker() {
			return this.entry.broker;
		}

		@Override
		public void close() {
			synchronized (this) {
				if (this.released) {
					return;
				}
				this.released = true;
			}
			release(this.entry);
		}

	}

}
