/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;

/**
 * Small helpers the integration tests share: reading outcomes, headers and percentiles, and the live heap.
 */
final class Outcomes {

	private Outcomes() {
	}

	static PublicationFailedException failureOf(CompletableFuture<PublishReceipt> future) {
		try {
			future.get(60, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof PublicationFailedException failure) {
				return failure;
			}
			throw new AssertionError("Unexpected failure type", ex.getCause());
		}
		catch (Exception ex) {
			throw new AssertionError("The future did not fail", ex);
		}
		throw new AssertionError("The future succeeded");
	}

	static PublicationFailedException failureOrNull(CompletableFuture<PublishReceipt> future) {
		if (!future.isCompletedExceptionally()) {
			return null;
		}
		try {
			future.join();
			return null;
		}
		catch (CompletionException ex) {
			return (ex.getCause() instanceof PublicationFailedException failure) ? failure : null;
		}
	}

	static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static long percentile(List<Long> values, double percentile) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	/**
	 * The heap in use after a full GC: the live heap, taken as the smallest of a few rounds, whatever a concurrent
	 * phase left behind.
	 */
	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			memory.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	static String micros(List<Long> nanos) {
		return String.format("p50=%d us, p99=%d us, max=%d us (n=%d)", percentile(nanos, 50) / 1000,
				percentile(nanos, 99) / 1000, percentile(nanos, 100) / 1000, nanos.size());
	}

}
