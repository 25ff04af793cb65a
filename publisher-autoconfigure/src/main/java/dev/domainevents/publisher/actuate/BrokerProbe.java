/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jspecify.annotations.Nullable;

/**
 * Asks the cluster, on a daemon thread of its own, whether it answers, but only while the publisher has had no
 * acknowledgement for a whole interval: under traffic, acknowledgements and pending events tell the health already,
 * and a health request never waits for the network. The admin client is created on first use.
 *
 * @since 0.1.0
 */
public final class BrokerProbe implements AutoCloseable {

	private final Map<String, Object> adminProperties;

	private final Duration interval;

	private final Duration timeout;

	private final Supplier<@Nullable Instant> lastSuccess;

	private volatile @Nullable Admin admin;

	private volatile @Nullable ProbeResult lastResult;

	private volatile boolean running = true;

	private final Thread thread;

	/**
	 * Creates and starts a probe.
	 * @param adminProperties the properties of the admin client: the same cluster and security as the publisher's
	 * @param interval how often to probe while no event is acknowledged
	 * @param timeout how long one probe may take
	 * @param lastSuccess when the publisher last had an acknowledgement
	 */
	public BrokerProbe(Map<String, Object> adminProperties, Duration interval, Duration timeout,
			Supplier<@Nullable Instant> lastSuccess) {
		this.adminProperties = Map.copyOf(adminProperties);
		this.interval = interval;
		this.timeout = timeout;
		this.lastSuccess = lastSuccess;
		this.thread = new Thread(this::run, "domain-events-broker-probe");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Returns the outcome of the latest probe.
	 * @return the outcome, or {@code null} before the first one
	 */
	public @Nullable ProbeResult lastResult() {
		return this.lastResult;
	}

	private void run() {
		while (this.running) {
			LockSupport.parkNanos(this, this.interval.toNanos());
			if (!this.running) {
				return;
			}
			Instant success = this.lastSuccess.get();
			if (success != null && success.isAfter(Instant.now().minus(this.interval))) {
				this.lastResult = new ProbeResult(Instant.now(), true, "events were acknowledged");
				continue;
			}
			this.lastResult = probe();
		}
	}

	private ProbeResult probe() {
		try {
			Admin admin = this.admin;
			if (admin == null) {
				admin = Admin.create(this.adminProperties);
				this.admin = admin;
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

	@Override
	public void close() {
		this.running = false;
		LockSupport.unpark(this.thread);
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ZERO);
		}
	}

	/**
	 * The outcome of one probe.
	 *
	 * @param at when it ended
	 * @param reachable whether the cluster answered
	 * @param detail what it said, or why it did not
	 * @since 0.1.0
	 */
	public record ProbeResult(Instant at, boolean reachable, String detail) {
	}

}
