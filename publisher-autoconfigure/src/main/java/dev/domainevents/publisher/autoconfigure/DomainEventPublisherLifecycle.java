/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;

/**
 * Drains and closes the publisher when the application context stops, in a phase after the web server and the
 * message listener containers, so that the requests and records they finish still publish. The drain runs on its
 * own thread, so that other beans of the phase stop in parallel, and fits in the phase's timeout.
 * <p>
 * A closed publisher cannot be opened again, so a context that was stopped cannot be started again: {@link #start()}
 * then refuses with an {@link IllegalStateException}, rather than report the publisher running while every call
 * fails with {@code SHUTTING_DOWN}.
 */
final class DomainEventPublisherLifecycle implements SmartLifecycle, DisposableBean {

	private final ObjectProvider<KafkaDomainEventPublisher> publisher;

	private final Duration shutdownTimeout;

	private final int phase;

	private volatile boolean running;

	private volatile boolean stopped;

	DomainEventPublisherLifecycle(ObjectProvider<KafkaDomainEventPublisher> publisher, Duration shutdownTimeout,
			int phase) {
		this.publisher = publisher;
		this.shutdownTimeout = shutdownTimeout;
		this.phase = phase;
	}

	@Override
	public void start() {
		if (this.stopped) {
			throw new IllegalStateException("The domain event publisher was closed when the application context "
					+ "stopped, and a closed publisher cannot be reopened: refresh a new context instead of restarting");
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.stopped = true;
		try {
			this.publisher.ifAvailable((publisher) -> publisher.close(this.shutdownTimeout));
		}
		finally {
			this.running = false;
		}
	}

	@Override
	public void stop(Runnable callback) {
		this.stopped = true;
		Thread drain = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "domain-events-shutdown");
		drain.start();
	}

	/**
	 * Closes the publisher if the context is destroyed without having been stopped, for example when its refresh
	 * failed; otherwise the publisher is closed already and this returns at once.
	 */
	@Override
	public void destroy() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

}
