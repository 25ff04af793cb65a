/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer settings every peer gets. They are kafka-clients 4.1's defaults, written out so that the report can
 * state them. The one difference: the publisher always sets {@code max.block.ms} to its metadata wait (50 ms), while
 * the raw producer and the template keep the default 60 s, since for them it is the back-pressure when
 * {@code buffer.memory} is full.
 */
final class ProducerSettings {

	/** The producer's {@code buffer.memory}. */
	static final long BUFFER_MEMORY = 32L * 1024 * 1024;

	private ProducerSettings() {
	}

	/**
	 * The settings shared by every peer.
	 * @param bootstrapServers the broker
	 * @param clientId the client id
	 * @param requestTimeout the request timeout
	 * @return the properties
	 */
	static Map<String, Object> common(String bootstrapServers, String clientId, Duration requestTimeout) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 16_384);
		config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
		return config;
	}

	/**
	 * The settings of the raw producer and the template: the common ones, byte-array serializers, and the default
	 * {@code max.block.ms}.
	 * @param bootstrapServers the broker
	 * @param clientId the client id
	 * @param requestTimeout the request timeout
	 * @return the properties
	 */
	static Map<String, Object> rawClient(String bootstrapServers, String clientId, Duration requestTimeout) {
		Map<String, Object> config = common(bootstrapServers, clientId, requestTimeout);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
		return config;
	}

	/** One line for the report. */
	static String describe(Duration requestTimeout) {
		return "acks=all, enable.idempotence=true, linger.ms=5, batch.size=16384, buffer.memory=32 MiB, "
				+ "compression none, max.in.flight=5, request.timeout.ms=" + requestTimeout.toMillis()
				+ ", delivery.timeout.ms=120000; "
				+ "max.block.ms 60 s for KafkaProducer and KafkaTemplate, 50 ms for the publisher (its metadata wait)";
	}

}
