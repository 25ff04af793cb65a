/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The client-side operations that every {@link KafkaBroker} offers the same way: create a topic, read a topic.
 */
final class BrokerClients {

	/** How long {@link #consume} keeps reading after the expected count, to see duplicates that arrive late. */
	static final Duration QUIET_PERIOD = Duration.ofMillis(500);

	private static final Duration POLL = Duration.ofMillis(100);

	/** One ListOffsets attempt; the admin client retries a partition that is not there yet within it. */
	private static final Duration LIST_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private BrokerClients() {
	}

	static Admin admin(String bootstrapServers, Map<String, String> clientProperties, Duration requestTimeout) {
		Map<String, Object> config = new HashMap<>(clientProperties);
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
		// A broker that is starting refuses connections for a while: retry quickly rather than back off to 1 s.
		config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
		config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
		return Admin.create(config);
	}

	static void createTopic(String bootstrapServers, Map<String, String> clientProperties, String name, int partitions,
			Map<String, String> configs, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = admin(bootstrapServers, clientProperties, Duration.ofSeconds(10))) {
			admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
				.all()
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			// CreateTopics returns when the controller committed the topic; a producer needs a leader that the broker
			// itself knows, which the broker's metadata (what DescribeTopics reads) shows a moment later.
			while (!allPartitionsHaveALeader(admin, name, partitions)) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(
							"Topic " + name + " was created but not every partition had a leader within " + timeout);
				}
				LockSupport.parkNanos(RETRY_NANOS);
			}
			// And the leader must have created the partition itself, which it does after publishing the metadata
			// (120 ms later under load, here): until then a produce gets NOT_LEADER_OR_FOLLOWER, and an idempotent
			// producer's retried first batch can be overtaken and refused with OUT_OF_ORDER_SEQUENCE_NUMBER until its
			// delivery timeout (KAFKA-15591). ListOffsets is answered by the partition itself.
			while (!allPartitionsAnswerListOffsets(admin, name, partitions)) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(
							"Topic " + name + " was created but not every partition answered ListOffsets within " + timeout);
				}
				LockSupport.parkNanos(RETRY_NANOS);
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create topic " + name + ": " + ex.getCause(), ex.getCause());
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Could not create topic " + name + " within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topic " + name, ex);
		}
	}

	private static boolean allPartitionsHaveALeader(Admin admin, String name, int partitions)
			throws InterruptedException, ExecutionException {
		TopicDescription description;
		try {
			description = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return false;
			}
			throw ex;
		}
		if (description == null || description.partitions().size() != partitions) {
			return false;
		}
		for (TopicPartitionInfo partition : description.partitions()) {
			if (partition.leader() == null || partition.leader().isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether every partition of the topic answers ListOffsets (latest), which its leader does only once it has
	 * created the partition: the sign that a produce to it will not be refused as sent to a non-leader.
	 */
	static boolean allPartitionsAnswerListOffsets(Admin admin, String name, int partitions)
			throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int partition = 0; partition < partitions; partition++) {
			latest.put(new TopicPartition(name, partition), OffsetSpec.latest());
		}
		try {
			admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) LIST_OFFSETS_TIMEOUT.toMillis()))
				.all()
				.get();
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RetriableException) {
				return false;
			}
			throw ex;
		}
	}

	static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrapServers, Map<String, String> clientProperties,
			String topic, int expectedCount, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<String, Object> config = new HashMap<>(clientProperties);
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// No group: assign() reads every partition without a coordinator, and nothing is committed between reads.
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = partitions(consumer, topic, deadline);
			if (partitions.isEmpty()) {
				return List.of();
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (records.size() < expectedCount && System.nanoTime() - deadline < 0) {
				consumer.poll(POLL).forEach(records::add);
			}
			long quietEnd = System.nanoTime() + QUIET_PERIOD.toNanos();
			while (System.nanoTime() - quietEnd < 0) {
				consumer.poll(POLL).forEach(records::add);
			}
		}
		records.sort(Comparator.comparingInt(ConsumerRecord<byte[], byte[]>::partition)
			.thenComparingLong(ConsumerRecord::offset));
		return records;
	}

	private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
		while (true) {
			long remaining = Math.max(deadline - System.nanoTime(), 0);
			List<PartitionInfo> infos;
			try {
				infos = consumer.partitionsFor(topic, Duration.ofNanos(Math.min(remaining, TimeUnit.SECONDS.toNanos(5))));
			}
			catch (org.apache.kafka.common.errors.TimeoutException ex) {
				infos = List.of();
			}
			if (infos != null && !infos.isEmpty()) {
				List<TopicPartition> partitions = new ArrayList<>();
				for (PartitionInfo info : infos) {
					partitions.add(new TopicPartition(info.topic(), info.partition()));
				}
				return partitions;
			}
			if (remaining == 0) {
				return List.of();
			}
			LockSupport.parkNanos(RETRY_NANOS);
		}
	}

}
