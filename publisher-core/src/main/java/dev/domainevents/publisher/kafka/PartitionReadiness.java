/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Tells whether the partitions of a topic whose metadata just appeared can take records: whether each answers
 * {@code ListOffsets}, which only the partition's leader does, once it has created the partition.
 * <p>
 * A broker shows a new topic's leaders in its metadata a moment before it has created the partitions (about 120 ms on
 * a loaded machine here). A burst sent in that window gets {@code NOT_LEADER_OR_FOLLOWER} for its first batch of a
 * partition; if a later batch overtakes the retried one, the broker refuses that first batch with
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout (KAFKA-15591, fixed in the broker in Kafka 4.5). A
 * parked backlog released the moment the metadata appears is exactly such a burst, so the prober releases it only
 * once this says ready.
 * <p>
 * When there is nothing to ask (no bootstrap servers, as with a stub producer), or the question fails for another
 * reason than a retriable one (authorization, an old broker), or the partitions still do not answer
 * {@link #GIVE_UP_AFTER} after the metadata appeared, the answer is ready: the events then go as they did before,
 * rather than waiting for a sign that may never come. Called by one thread; {@link #close()} by any.
 */
final class PartitionReadiness implements AutoCloseable {

	/** How long one question may take; the admin client retries a partition that is not there yet within it. */
	static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

	/** How long after a topic's metadata appeared its partitions may stay silent before its events go anyway. */
	static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);

	private static final int MAX_CONFIRMED_TOPICS = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(PartitionReadiness.class);

	private static final Set<String> ADMIN_CONFIG_NAMES = AdminClientConfig.configNames();

	private final Map<String, Object> adminConfig;

	/** When each topic's metadata was first seen while its partitions did not answer yet. */
	private final Map<String, Long> silentSince = new ConcurrentHashMap<>();

	/** Topics whose partitions answered (or whose events went anyway): their events need no more waiting. */
	private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

	private @Nullable Admin admin;

	private volatile boolean closed;

	PartitionReadiness(ProducerFactory<?, ?> producerFactory) {
		this.adminConfig = adminConfig(producerFactory);
	}

	private static Map<String, Object> adminConfig(ProducerFactory<?, ?> producerFactory) {
		Map<String, Object> producerConfig;
		try {
			producerConfig = producerFactory.getConfigurationProperties();
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
		if (producerConfig == null || producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
			return Map.of();
		}
		// The producer's connection and security settings, so that the admin client reaches the same brokers as the
		// same principal; nothing producer-only, which the admin client would warn about.
		Map<String, Object> config = new HashMap<>();
		producerConfig.forEach((key, value) -> {
			if (ADMIN_CONFIG_NAMES.contains(key) && value != null) {
				config.put(key, value);
			}
		});
		Object clientId = producerConfig.get(ProducerConfig.CLIENT_ID_CONFIG);
		config.put(AdminClientConfig.CLIENT_ID_CONFIG,
				((clientId != null) ? clientId : "domain-events-publisher") + "-readiness");
		return config;
	}

	/**
	 * Whether the events of a topic may be sent without asking: its partitions answered before, or there is no way to
	 * ask. Any thread.
	 * @param topic the topic
	 * @return whether its events may go
	 */
	boolean confirmed(String topic) {
		return this.adminConfig.isEmpty() || this.closed || this.confirmed.contains(topic);
	}

	/**
	 * Whether every partition of the topic answers {@code ListOffsets}; blocks up to {@link #ATTEMPT_TIMEOUT}.
	 * @param topic the topic whose metadata just appeared
	 * @param partitions its partitions, as the producer's metadata lists them
	 * @return whether its parked events may go
	 */
	boolean ready(String topic, List<PartitionInfo> partitions) {
		Admin client = admin();
		if (client == null) {
			return true;
		}
		long now = System.nanoTime();
		long since = this.silentSince.computeIfAbsent(topic, (key) -> now);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (PartitionInfo partition : partitions) {
			latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
		}
		try {
			client.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) ATTEMPT_TIMEOUT.toMillis()))
				.all()
				.get(ATTEMPT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
			this.silentSince.remove(topic);
			confirm(topic);
			return true;
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			boolean retriable = cause instanceof RetriableException
					|| cause instanceof java.util.concurrent.TimeoutException;
			if (retriable && System.nanoTime() - since < GIVE_UP_AFTER.toNanos()) {
				return false;
			}
			this.silentSince.remove(topic);
			confirm(topic);
			logger.debug("Releasing the events of topic {} without knowing that its partitions answer: {}", topic,
					cause.toString());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
		catch (RuntimeException ex) {
			// A closed admin client (the publisher is closing) or a bad configuration: no sign to wait for.
			this.silentSince.remove(topic);
			return true;
		}
	}

	// Bounded: an application writing to ever new topics must not grow it for good; a forgotten one is asked again.
	private void confirm(String topic) {
		if (this.confirmed.size() >= MAX_CONFIRMED_TOPICS) {
			this.confirmed.clear();
		}
		this.confirmed.add(topic);
	}

	private synchronized @Nullable Admin admin() {
		if (this.admin == null && !this.closed && !this.adminConfig.isEmpty()) {
			try {
				this.admin = Admin.create(this.adminConfig);
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot ask whether new topics' partitions answer; their events go when their metadata "
						+ "appears: {}", ex.toString());
				this.closed = true;
			}
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.admin != null) {
			this.admin.close(Duration.ZERO);
			this.admin = null;
		}
	}

}
