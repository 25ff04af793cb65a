/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Faults on a dedicated child-JVM broker: pause, kill -9, graceful stop, and restarts on the same port. */
@WithKafkaBroker(dedicated = true, autoCreateTopics = true, brokerProperties = "message.max.bytes=2097152")
class ProcessKafkaBrokerFaultIntegrationTests {

	@BeforeEach
	void brokerIsServing(ProcessKafkaBroker broker) {
		// A failed test may have left the broker paused or down; every test starts from a serving broker.
		if (broker.isPaused()) {
			broker.resume();
		}
		if (!broker.isRunning()) {
			broker.restart();
		}
	}

	@Test
	void theDedicatedBrokerIsAChildProcessConfiguredByTheAnnotation(ProcessKafkaBroker broker) throws Exception {
		assertThat(broker.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
		assertThat(ProcessHandle.of(broker.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
			.contains(ProcessHandle.current().pid());
		assertThat(TestClients.brokerConfig(broker, "auto.create.topics.enable")).isEqualTo("true");
		assertThat(TestClients.brokerConfig(broker, "message.max.bytes")).isEqualTo("2097152");
	}

	@Test
	void aPausedBrokerAcknowledgesNothingUntilItIsResumed(ProcessKafkaBroker broker) throws Exception {
		String topic = "paused-broker";
		broker.createTopic(topic, 1);
		Map<String, Object> shortTimeouts = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000, ProducerConfig.LINGER_MS_CONFIG, 0,
				ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
		try (KafkaProducer<String, String> producer = TestClients.producer(broker, shortTimeouts)) {
			// Warm up: metadata and connection are in place, so the failure below can only come from the pause.
			TestClients.sendAndWait(producer, topic, "before pause");
			broker.pause();
			assertThat(broker.isPaused()).isTrue();
			Future<RecordMetadata> whilePaused = producer.send(new ProducerRecord<>(topic, "while paused"));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> whilePaused.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TimeoutException.class);
			assertThat(broker.isRunning()).as("a paused broker is alive").isTrue();
			broker.resume();
			RecordMetadata afterResume = TestClients.sendAndWait(producer, topic, "after resume");
			assertThat(afterResume.hasOffset()).isTrue();
		}
		// The record that timed out may or may not be in the log (possibly written); the other two are.
		assertThat(TestClients.values(broker.consume(topic, 2, TestClients.seconds(30)))).contains("before pause",
				"after resume");
	}

	@Test
	void aKilledBrokerRestartsOnTheSamePortWithItsRecords(ProcessKafkaBroker broker) throws Exception {
		String topic = "killed-broker";
		broker.createTopic(topic, 1);
		String bootstrapServers = broker.bootstrapServers();
		long pid = broker.pid();
		// The producer stays connected across the kill, so the old sockets linger (TIME_WAIT) when the broker binds
		// its port again.
		try (KafkaProducer<String, String> producer = TestClients.producer(broker, Map.of())) {
			sendAll(producer, topic, values("before", 10));
			broker.kill();
			assertThat(broker.isRunning()).isFalse();
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the killed broker's process").isEmpty();
			broker.restart();
			assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
			assertThat(broker.pid()).isNotEqualTo(pid);
			sendAll(producer, topic, values("after", 10));
		}
		List<String> expected = new ArrayList<>(values("before", 10));
		expected.addAll(values("after", 10));
		assertThat(TestClients.values(broker.consume(topic, 20, TestClients.seconds(30))))
			.containsExactlyElementsOf(expected);
	}

	@Test
	void aGracefullyStoppedBrokerRestartsOnTheSamePortWithItsRecords(ProcessKafkaBroker broker) throws Exception {
		String topic = "stopped-broker";
		broker.createTopic(topic, 1);
		String bootstrapServers = broker.bootstrapServers();
		long controlledShutdownsBefore = controlledShutdowns(broker);
		try (KafkaProducer<String, String> producer = TestClients.producer(broker, Map.of())) {
			sendAll(producer, topic, values("before", 10));
			broker.stop();
			assertThat(broker.isRunning()).isFalse();
			assertThat(controlledShutdowns(broker)).as("controlled shutdowns in the broker's log")
				.isEqualTo(controlledShutdownsBefore + 1);
			broker.restart();
			assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
			sendAll(producer, topic, values("after", 10));
		}
		List<String> expected = new ArrayList<>(values("before", 10));
		expected.addAll(values("after", 10));
		assertThat(TestClients.values(broker.consume(topic, 20, TestClients.seconds(30))))
			.containsExactlyElementsOf(expected);
	}

	private static List<String> values(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static void sendAll(KafkaProducer<String, String> producer, String topic, List<String> values)
			throws Exception {
		for (String value : values) {
			TestClients.sendAndWait(producer, topic, value);
		}
	}

	/** Counts the controller's grants of a controlled shutdown, which only a graceful stop asks for. */
	private static long controlledShutdowns(ProcessKafkaBroker broker) throws IOException {
		try (var lines = Files.lines(broker.logFile())) {
			return lines.filter((line) -> line.contains("The request from broker 1 to shut down has been granted"))
				.count();
		}
	}

}
