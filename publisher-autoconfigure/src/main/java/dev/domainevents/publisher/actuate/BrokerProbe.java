/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jspecify.annotations.Nullable;

/**
 * Asks the cluster whether it answers, but only when the health is asked for, the latest answer is older than an
 * interval, and no event was acknowledged for as long: under traffic acknowledgements tell the health already, and
 * while nobody asks for the health nothing needs to know. The question runs on a short-lived daemon thread, so a
 * health request never waits for the network; the requests after it see the answer. Probes run between
 * {@link #start()} and {@link #stop()}; the admin client is created by the first and closed by {@code stop()}.
 */
final class BrokerProbe {

	private final Map<String, Object> adminProperties;

	private final Duration interval;

	private final Duration timeout;

	private final Supplier<@Nullable Instant> lastSuccess;

	private final Object lifecycleLock = new Object();

	private final AtomicBoolean probing = new AtomicBoolean();

	private @Nullable Admin admin;

	private volatile boolean running;

	private volatile @Nullable ProbeResult lastResult;

	BrokerProbe(Map<String, Object> adminProperties, Duration interval, Duration timeout,
			Supplier<@Nullable Instant> lastSuccess) {
		this.adminProperties = Map.copyOf(adminProperties);
		this.interval = interval;
		this.timeout = timeout;
		this.lastSuccess = lastSuccess;
	}

	void start() {
		synchronized (this.lifecycleLock) {
			this.running = true;
		}
	}

	void stop() {
		synchronized (this.lifecycleLock) {
			this.running = false;
			Admin admin = this.admin;
			this.admin = null;
			if (admin != null) {
				// Fails a question in progress at once, so its thread ends.
				admin.close(Duration.ZERO);
			}
		}
	}

	boolean isRunning() {
		return this.running;
	}

	/**
	 * Returns the latest answer, and starts asking again in the background if it is stale.
	 * @return the latest answer, or {@code null} before the first one
	 */
	@Nullable ProbeResult latestStartingAnotherIfStale() {
		ProbeResult latest = this.lastResult;
		Instant staleBefore = Instant.now().minus(this.interval);
		if (latest != null && latest.at().isAfter(staleBefore)) {
			return latest;
		}
		Instant success = this.lastSuccess.get();
		if (success != null && success.isAfter(staleBefore)) {
			// An acknowledgement is an answer: no question until it is stale in turn.
			latest = new ProbeResult(success, true, "events were acknowledged");
			this.lastResult = latest;
			return latest;
		}
		if (this.running && this.probing.compareAndSet(false, true)) {
			Thread thread = new Thread(this::probeOnce, "domain-events-broker-probe");
			thread.setDaemon(true);
			thread.start();
		}
		return latest;
	}

	private void probeOnce() {
		try {
			ProbeResult result = probe();
			if (result != null && this.running) {
				this.lastResult = result;
			}
		}
		finally {
			this.probing.set(false);
		}
	}

	private @Nullable ProbeResult probe() {
		try {
			Admin admin;
			synchronized (this.lifecycleLock) {
				if (!this.running) {
					return null;
				}
				admin = this.admin;
				if (admin == null) {
					admin = Admin.create(this.adminProperties);
					this.admin = admin;
				}
			}
			int timeoutMillis = (int) this.timeout.toMillis();
			String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
				.clusterId()
				.get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
			return new ProbeResult(Instant.now(), true, "cluster " + clusterId + " answered");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ProbeResult(Instant.now(), false, "interrupted");
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new ProbeResult(Instant.now(), false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
		}
	}

	/**
	 * The outcome of one probe.
	 *
	 * @param at when it ended, or when the acknowledgement that stood for it came
	 * @param reachable whether the cluster answered
	 * @param detail what it said, or why it did not
	 */
	record ProbeResult(Instant at, boolean reachable, String detail) {
	}

}
