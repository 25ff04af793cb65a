/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A real single-node Kafka broker for tests.
 * <p>
 * The default implementation runs a KRaft broker from Maven Central jars in a child JVM, so that a test can
 * kill it ({@code kill -9}), pause it ({@code SIGSTOP}), resume it and restart it on the same port and data. The
 * child exits by itself when the JVM that started it dies. Where a Docker engine exists, Testcontainers' Kafka
 * serves instead when the system property {@value KafkaBrokers#BROKER_PROPERTY} is {@code testcontainers}; it
 * cannot restart on the same port, so {@link #restart()} and {@link #stop()} are unsupported there.
 *
 * @since 0.1.0
 */
public interface KafkaBroker extends AutoCloseable {

	/**
	 * Returns the bootstrap servers to give a client, for example {@code 127.0.0.1:40123}.
	 * @return the bootstrap servers
	 */
	String bootstrapServers();

	/**
	 * Creates a topic and waits until every partition has a leader.
	 * @param name the topic name
	 * @param partitions the partition count
	 */
	default void createTopic(String name, int partitions) {
		createTopic(name, partitions, Map.of());
	}

	/**
	 * Creates a topic with topic-level configuration and waits until every partition has a leader.
	 * @param name the topic name
	 * @param partitions the partition count
	 * @param configs topic configuration, for example {@code max.message.bytes}
	 */
	void createTopic(String name, int partitions, Map<String, String> configs);

	/**
	 * Reads a topic from the beginning until {@code expectedCount} records arrived or the timeout passed, and
	 * keeps reading for a short quiet period afterwards so that unexpected extra records (duplicates) are seen.
	 * @param topic the topic
	 * @param expectedCount how many records are expected
	 * @param timeout how long to wait at most
	 * @return every record read, in partition order within each partition
	 */
	List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout);

	/** Suspends the broker process ({@code SIGSTOP}): sockets stay open, nothing answers. */
	void pause();

	/** Resumes a paused broker ({@code SIGCONT}). */
	void resume();

	/** Kills the broker process at once ({@code kill -9}); {@link #restart()} brings it back. */
	void kill();

	/** Stops the broker gracefully ({@code SIGTERM}) and waits until it exited. */
	void stop();

	/** Starts the broker again on the same port and data directory and waits until it serves requests. */
	void restart();

	/**
	 * Whether the broker process is alive (a paused broker is alive).
	 * @return whether the process is alive
	 */
	boolean isRunning();

	/**
	 * Returns the broker's process id, or {@code -1} where there is no process of ours (Testcontainers).
	 * @return the process id
	 */
	long pid();

	/** Stops the broker and deletes its data. */
	@Override
	void close();

}
