/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Asks the producer, on its own thread, for the metadata of topics whose events are parked, so that the dispatcher
 * never waits for it. Each attempt blocks at most the producer's {@code max.block.ms}. When a topic's metadata
 * arrives and the {@link PartitionReadiness} says its partitions take records, or the producer answers with another
 * error (which the topic's next send will then report, once per event), the dispatcher is told and sends the topic's
 * parked events in order.
 * <p>
 * It asks only for topics that still have parked events, so a topic whose events all expired is no longer asked
 * for. With none, it sleeps until the dispatcher parks an event; with some, it asks again every
 * {@value #ROUND_PAUSE_MILLIS} ms.
 */
final class MetadataProber implements Runnable {

	private static final long ROUND_PAUSE_MILLIS = 100;

	private final DispatchQueue queue;

	private final Dispatcher dispatcher;

	private final KafkaTemplate<byte[], byte[]> template;

	private final Workers workers;

	private final PartitionReadiness readiness;

	private final LongAdder probes = new LongAdder();

	private volatile boolean running = true;

	private volatile @Nullable Thread thread;

	MetadataProber(DispatchQueue queue, Dispatcher dispatcher, KafkaTemplate<byte[], byte[]> template,
			Workers workers) {
		this.queue = queue;
		this.dispatcher = dispatcher;
		this.template = template;
		this.workers = workers;
		this.readiness = new PartitionReadiness(template.getProducerFactory());
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

	/** How many times it asked the producer for a topic's metadata. */
	long probes() {
		return this.probes.sum();
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		while (this.running) {
			try {
				List<String> topics = this.queue.topicsAwaitingMetadata();
				if (topics.isEmpty()) {
					LockSupport.park(this);
					continue;
				}
				for (String topic : topics) {
					if (!this.running) {
						return;
					}
					// A round over many topics is long; one whose events expired meanwhile is not asked for.
					if (!this.queue.isAwaitingMetadata(topic)) {
						continue;
					}
					if (hasMetadata(topic)) {
						this.dispatcher.metadataArrived(topic);
					}
					else {
						this.dispatcher.metadataMissing(topic);
					}
				}
				LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(ROUND_PAUSE_MILLIS));
			}
			catch (Throwable ex) {
				if (Workers.isFatal(ex)) {
					throw ex;
				}
				this.workers.survived("asking for topic metadata", ex);
			}
		}
	}

	private boolean hasMetadata(String topic) {
		this.probes.increment();
		try {
			// The producer returns only once it has the topic's metadata; a mock producer may answer with no partitions.
			List<PartitionInfo> partitions = this.template.partitionsFor(topic);
			if (partitions == null) {
				return false;
			}
			// Metadata can show a new partition's leader before the partition exists (KAFKA-15591): wait for it too.
			return partitions.isEmpty() || this.readiness.confirmed(topic) || this.readiness.ready(topic, partitions);
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
