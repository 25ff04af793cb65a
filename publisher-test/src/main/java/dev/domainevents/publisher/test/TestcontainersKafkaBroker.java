/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' Kafka ({@code apache/kafka}) as a {@link KafkaBroker}, for machines with a Docker engine.
 * <p>
 * Pause, resume and kill go through the Docker client ({@code docker pause}, which freezes the container's processes
 * like {@code SIGSTOP}; {@code docker kill}). Testcontainers maps the broker to a new random host port whenever the
 * container starts, so there is no restart on the same port: {@link #restart()} and {@link #stop()} are unsupported.
 * Only {@link KafkaBrokers} refers to this class, and only when Testcontainers was selected, so that the optional
 * Testcontainers dependency is needed only then.
 */
final class TestcontainersKafkaBroker implements KafkaBroker {

	/** The image: the same Kafka version as the {@code kafka_2.13} jars the child-JVM broker runs. */
	static final String IMAGE = "apache/kafka:4.1.2";

	private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

	private final KafkaContainer container;

	private boolean paused;

	private TestcontainersKafkaBroker(KafkaContainer container) {
		this.container = container;
	}

	static KafkaBroker start(Map<String, String> brokerProperties, boolean autoCreateTopics) {
		KafkaContainer container = new KafkaContainer(IMAGE);
		// The image turns KAFKA_* variables into server.properties entries.
		container.withEnv(environmentVariable("auto.create.topics.enable"), Boolean.toString(autoCreateTopics));
		container.withEnv(environmentVariable("offsets.topic.num.partitions"), "1");
		container.withEnv(environmentVariable("group.initial.rebalance.delay.ms"), "0");
		brokerProperties.forEach((key, value) -> container.withEnv(environmentVariable(key), value));
		container.withStartupTimeout(Duration.ofSeconds(120));
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			container.close();
			throw ex;
		}
		return new TestcontainersKafkaBroker(container);
	}

	/**
	 * Returns the environment variable that sets a broker property in the {@code apache/kafka} image: {@code _}
	 * becomes {@code __}, {@code -} becomes {@code ___}, {@code .} becomes {@code _}, upper case, prefix
	 * {@code KAFKA_}.
	 */
	static String environmentVariable(String property) {
		return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace(".", "_").toUpperCase(Locale.ROOT);
	}

	@Override
	public String bootstrapServers() {
		return this.container.getBootstrapServers();
	}

	@Override
	public void createTopic(String name, int partitions, Map<String, String> configs) {
		BrokerClients.createTopic(bootstrapServers(), Map.of(), name, partitions, configs, TOPIC_TIMEOUT);
	}

	@Override
	public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout) {
		return BrokerClients.consume(bootstrapServers(), Map.of(), topic, expectedCount, timeout);
	}

	@Override
	public synchronized void pause() {
		if (!this.paused) {
			docker().pauseContainerCmd(this.container.getContainerId()).exec();
			this.paused = true;
		}
	}

	@Override
	public synchronized void resume() {
		if (this.paused) {
			docker().unpauseContainerCmd(this.container.getContainerId()).exec();
			this.paused = false;
		}
	}

	@Override
	public synchronized void kill() {
		if (this.container.isRunning()) {
			// docker kill ends a paused container as well.
			docker().killContainerCmd(this.container.getContainerId()).exec();
		}
		this.paused = false;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Testcontainers' Kafka cannot stop and restart on the same port; "
				+ "use KafkaBrokers.process() or @WithKafkaBroker(dedicated = true) for tests that stop the broker");
	}

	@Override
	public void restart() {
		throw new UnsupportedOperationException("Testcontainers' Kafka cannot restart on the same port; "
				+ "use KafkaBrokers.process() or @WithKafkaBroker(dedicated = true) for tests that restart the broker");
	}

	@Override
	public boolean isRunning() {
		// Docker reports a paused container as running, which is what the contract asks for.
		return this.container.isRunning();
	}

	/** Returns -1: the broker runs inside the Docker engine, not as a process of this JVM. */
	@Override
	public long pid() {
		return -1;
	}

	@Override
	public synchronized void close() {
		if (this.paused) {
			try {
				resume();
			}
			catch (RuntimeException ex) {
				// Removing the container below ends it anyway.
			}
		}
		this.container.close();
	}

	private DockerClient docker() {
		return this.container.getDockerClient();
	}

	@Override
	public String toString() {
		return "TestcontainersKafkaBroker[" + IMAGE + "]";
	}

}
