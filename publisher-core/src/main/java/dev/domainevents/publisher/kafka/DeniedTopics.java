/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The topics this principal may not write, remembered for a few seconds so that each of their events fails at once
 * instead of costing the dispatcher a metadata wait; once the memory expires, one send asks again. Expired denials
 * are forgotten whenever a new one is stored, so that many denied topics over time cannot grow the memory. Used by
 * the dispatcher's thread only.
 */
final class DeniedTopics {

	private static final long MEMORY_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final Map<String, Denial> denials = new HashMap<>();

	/** The error that denied the topic, while it is remembered; {@code null} otherwise. */
	@Nullable Throwable denial(String topic) {
		if (this.denials.isEmpty()) {
			return null;
		}
		Denial denial = this.denials.get(topic);
		if (denial == null) {
			return null;
		}
		if (System.nanoTime() - denial.expiresAtNanos() < 0) {
			return denial.cause();
		}
		this.denials.remove(topic);
		return null;
	}

	void remember(String topic, Throwable cause) {
		long now = System.nanoTime();
		this.denials.values().removeIf((denial) -> now - denial.expiresAtNanos() >= 0);
		this.denials.put(topic, new Denial(cause, now + MEMORY_NANOS));
	}

	private record Denial(Throwable cause, long expiresAtNanos) {
	}

}
