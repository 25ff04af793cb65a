/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A producer that acknowledges every record at once, on the sending thread, and keeps nothing: the client side of a
 * pipeline measured without a broker. Closing it does nothing, as {@code KafkaTemplate} closes its producer after
 * each send.
 */
final class StubProducer extends MockProducer<byte[], byte[]> {

	private final AtomicLong offset = new AtomicLong();

	private volatile TopicPartition lastPartition = new TopicPartition("none", 0);

	StubProducer() {
		super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
	}

	@Override
	public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
		TopicPartition partition = this.lastPartition;
		if (!partition.topic().equals(record.topic())) {
			partition = new TopicPartition(record.topic(), 0);
			this.lastPartition = partition;
		}
		byte[] key = record.key();
		byte[] value = record.value();
		RecordMetadata metadata = new RecordMetadata(partition, this.offset.getAndIncrement(), 0,
				(record.timestamp() != null) ? record.timestamp() : 0L, (key != null) ? key.length : -1,
				(value != null) ? value.length : -1);
		if (callback != null) {
			callback.onCompletion(metadata, null);
		}
		return CompletableFuture.completedFuture(metadata);
	}

	@Override
	public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
		return send(record, null);
	}

	@Override
	public List<PartitionInfo> partitionsFor(String topic) {
		Node node = new Node(0, "localhost", 9092);
		return List.of(new PartitionInfo(topic, 0, node, new Node[] { node }, new Node[] { node }));
	}

	@Override
	public void close() {
	}

	@Override
	public void close(Duration timeout) {
	}

	/** A factory that always returns this producer, with the default {@code buffer.memory}. */
	ProducerFactory<byte[], byte[]> factory() {
		StubProducer producer = this;
		return new ProducerFactory<>() {

			@Override
			public org.apache.kafka.clients.producer.Producer<byte[], byte[]> createProducer() {
				return producer;
			}

			@Override
			public Map<String, Object> getConfigurationProperties() {
				return Map.of(ProducerConfig.BUFFER_MEMORY_CONFIG, ProducerSettings.BUFFER_MEMORY,
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
			}

		};
	}

}
