/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Asks the producer, on its own thread, for the metadata of topics whose events are parked, so that the dispatcher
 * never waits for it. Each attempt blocks at most the producer's {@code max.block.ms}. When a topic's metadata
 * arrives, or the producer answers with another error (which the topic's next send will then report, once per
 * event), the topic is released and the dispatcher sends its parked events in order.
 */
final class MetadataProber implements Runnable {

	private static final long ROUND_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Set<String> topicsWithoutMetadata;

	private final KafkaTemplate<byte[], byte[]> template;

	private final Dispatcher dispatcher;

	private final PartitionReadiness readiness;

	private volatile boolean running = true;

	private volatile @Nullable Thread thread;

	MetadataProber(Dispatcher dispatcher, KafkaTemplate<byte[], byte[]> template) {
		this.dispatcher = dispatcher;
		this.template = template;
		this.topicsWithoutMetadata = dispatcher.topicsWithoutMetadata();
		this.readiness = dispatcher.readiness();
	}

	void wake() {
		Thread proberThread = this.thread;
		if (proberThread != null) {
			LockSupport.unpark(proberThread);
		}
	}

	void stop() {
		this.running = false;
		wake();
		this.readiness.close();
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		while (this.running) {
			if (this.topicsWithoutMetadata.isEmpty()) {
				LockSupport.parkNanos(this, IDLE_PARK_NANOS);
				continue;
			}
			for (String topic : List.copyOf(this.topicsWithoutMetadata)) {
				if (!this.running) {
					return;
				}
				if (hasMetadata(topic)) {
					this.topicsWithoutMetadata.remove(topic);
					this.dispatcher.wake();
				}
			}
			LockSupport.parkNanos(this, ROUND_PAUSE_NANOS);
		}
	}

	private boolean hasMetadata(String topic) {
		try {
			List<PartitionInfo> partitions = this.template.partitionsFor(topic);
			// Metadata can show a new partition's leader before the partition exists (KAFKA-15591): wait for it too.
			return partitions != null && !partitions.isEmpty() && this.readiness.ready(topic, partitions);
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			// Not a missing-metadata problem (authorization, a closed producer): let the next send report it.
			return !(Failure.unwrap(ex) instanceof TimeoutException);
		}
	}

}
