/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

/** Clients that the integration tests use beside the broker's own. */
final class TestClients {

	private TestClients() {
	}

	static KafkaProducer<String, String> producer(KafkaBroker broker, Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.putAll(overrides);
		return new KafkaProducer<>(config);
	}

	static RecordMetadata sendAndWait(KafkaProducer<String, String> producer, String topic, String value)
			throws Exception {
		return producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
	}

	static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
		return records.stream().map((record) -> new String(record.value(), StandardCharsets.UTF_8)).toList();
	}

	/** Reads a broker configuration value as the broker reports it (node id 1 for both kinds of broker). */
	static String brokerConfig(KafkaBroker broker, String name) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
			Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
			return config.get(name).value();
		}
	}

	static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
