/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A broker built with {@code proxied(true)}: a second listener that clients reach only through a faulty proxy. */
class ProxiedKafkaBrokerIntegrationTests {

	private static ProcessKafkaBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaBrokers.process().proxied(true).start();
	}

	@AfterAll
	static void closeBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@AfterEach
	void networkPasses() {
		broker.proxy().pass();
	}

	@Test
	void clientsOfTheProxiedListenerAreSentBackToTheProxyWhileTheBrokersOwnClientsStayDirect() throws Exception {
		FaultyProxy proxy = broker.proxy();
		assertThat(broker.proxiedBootstrapServers()).isEqualTo(proxy.address())
			.isNotEqualTo(broker.bootstrapServers());
		// Metadata answers with the addresses of the listener that the request came in on.
		assertThat(clusterNodes(broker.proxiedBootstrapServers())).extracting(Node::port).containsExactly(proxy.port());
		assertThat(clusterNodes(broker.bootstrapServers())).extracting(Node::port)
			.containsExactly(Integer.parseInt(broker.bootstrapServers().split(":")[1]));

		String topic = "proxied-records";
		broker.createTopic(topic, 1);
		long bytesBefore = proxy.bytesToTarget();
		try (KafkaProducer<String, String> producer = proxiedProducer(Map.of())) {
			for (int i = 0; i < 10; i++) {
				TestClients.sendAndWait(producer, topic, "record-" + i);
			}
		}
		assertThat(proxy.bytesToTarget()).isGreaterThan(bytesBefore);
		assertThat(proxy.bytesToClients()).isPositive();
		assertThat(TestClients.values(broker.consume(topic, 10, TestClients.seconds(30)))).hasSize(10);
	}

	@Test
	void aBlackholeStopsTheProxiedClientsWhileTopicsCanStillBeCreatedAndReadDirectly() throws Exception {
		FaultyProxy proxy = broker.proxy();
		String topic = "blackholed-records";
		broker.createTopic(topic, 1);
		Map<String, Object> shortTimeouts = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000, ProducerConfig.LINGER_MS_CONFIG, 0);
		try (KafkaProducer<String, String> producer = proxiedProducer(shortTimeouts)) {
			TestClients.sendAndWait(producer, topic, "before");
			proxy.blackhole();
			long bytesToTarget = proxy.bytesToTarget();
			long bytesFromClients = proxy.bytesFromClients();

			Future<RecordMetadata> blackholed = producer.send(new ProducerRecord<>(topic, "during"));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> blackholed.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TimeoutException.class);
			// The positive control: the producer sent, and nothing reached the broker.
			assertThat(proxy.bytesFromClients()).isGreaterThan(bytesFromClients);
			assertThat(proxy.bytesToTarget()).isEqualTo(bytesToTarget);
			broker.createTopic(topic + "-direct", 1);
			assertThat(TestClients.values(broker.consume(topic, 1, TestClients.seconds(10)))).startsWith("before");

			proxy.pass();
			TestClients.sendAndWait(producer, topic, "after");
		}
		// "during" may or may not be in the log: the proxy delivered the held request when the network returned.
		assertThat(TestClients.values(broker.consume(topic, 2, TestClients.seconds(30)))).contains("before", "after");
	}

	private static KafkaProducer<String, String> proxiedProducer(Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>(overrides);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.proxiedBootstrapServers());
		return TestClients.producer(broker, config);
	}

	private static Collection<Node> clusterNodes(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
		}
	}

}
