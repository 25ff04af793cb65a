/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * A producer for broker-free unit tests: answers only when told, can throw from {@code send()} per topic, remembers
 * which threads called {@code send()}, and survives {@link org.springframework.kafka.core.KafkaTemplate}'s
 * {@code close()} after every send, as spring-kafka's shared producer does.
 */
class StubProducer extends MockProducer<byte[], byte[]> {

	final Set<String> sendingThreads = ConcurrentHashMap.newKeySet();

	final Set<String> topicsWithMetadata = ConcurrentHashMap.newKeySet();

	volatile Function<ProducerRecord<byte[], byte[]>, @Nullable RuntimeException> sendFailure = (record) -> null;

	StubProducer(String... topics) {
		super(cluster(topics), false, null, new ByteArraySerializer(), new ByteArraySerializer());
		this.topicsWithMetadata.addAll(List.of(topics));
	}

	@Override
	public List<PartitionInfo> partitionsFor(String topic) {
		if (!this.topicsWithMetadata.contains(topic)) {
			throw new TimeoutException("Topic " + topic + " not present in metadata after 50 ms.");
		}
		Node node = new Node(0, "localhost", 9092);
		return List.of(new PartitionInfo(topic, 0, node, new Node[] { node }, new Node[] { node }));
	}

	private static Cluster cluster(String... topics) {
		Node node = new Node(0, "localhost", 9092);
		List<PartitionInfo> partitions = java.util.Arrays.stream(topics)
			.map((topic) -> new PartitionInfo(topic, 0, node, new Node[] { node }, new Node[] { node }))
			.toList();
		return new Cluster("stub", List.of(node), partitions, Set.of(), Set.of());
	}

	@Override
	public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
		this.sendingThreads.add(Thread.currentThread().getName());
		RuntimeException failure = this.sendFailure.apply(record);
		if (failure != null) {
			throw failure;
		}
		return super.send(record, callback);
	}

	@Override
	public void close(Duration timeout) {
	}

	@Override
	public void close() {
	}

}
