/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the publisher's own threads and watches over them. A worker's loop reports what it survived here, logged
 * once per kind of error and thread (then at most once a minute), so that user code failing for every event cannot
 * flood the log. A worker that dies anyway (its loop could not even catch the error) is restarted a few times, and
 * the loss is kept as the publisher's {@linkplain #problem() problem}, which turns its health DOWN.
 */
final class Workers {

	private static final Logger logger = LoggerFactory.getLogger(Workers.class);

	private static final int MAX_RESTARTS = 10;

	private static final long REPEAT_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

	private final AtomicInteger restarts = new AtomicInteger();

	private volatile boolean stopping;

	private volatile @Nullable String problem;

	/** Starts a daemon thread that runs {@code loop} until it returns, restarting it if it dies. */
	void start(String name, Runnable loop) {
		Thread thread = new Thread(loop, name);
		thread.setDaemon(true);
		thread.setUncaughtExceptionHandler((dead, error) -> died(name, loop, error));
		this.threads.add(thread);
		thread.start();
	}

	private void died(String name, Runnable loop, Throwable error) {
		if (this.stopping) {
			return;
		}
		this.problem = "thread " + name + " died: " + error;
		logger.error("The domain event publisher's thread {} died", name, error);
		if (this.restarts.incrementAndGet() <= MAX_RESTARTS) {
			start(name, loop);
		}
	}

	/**
	 * Reports an error a worker survived: logged once per thread and kind of error, then at most once a minute.
	 * @param what what the worker was doing, for the log
	 */
	void survived(String what, Throwable error) {
		String key = Thread.currentThread().getName() + '/' + error.getClass().getName();
		long now = System.nanoTime();
		Long last = this.lastLogged.get(key);
		if (last != null && now - last < REPEAT_LOG_NANOS) {
			return;
		}
		this.lastLogged.put(key, now);
		logger.error("The domain event publisher survived an error while {}; it goes on (logged at most once a "
				+ "minute per kind of error)", what, error);
	}

	/** Whether an error must end the thread rather than be survived: the JVM itself is failing. */
	static boolean isFatal(Throwable error) {
		return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
	}

	/** What went wrong with the publisher's threads, or {@code null} when nothing did. */
	@Nullable String problem() {
		return this.problem;
	}

	/** Waits for every thread to end, at most until {@code deadlineNanos}. */
	void awaitStopped(long deadlineNanos) throws InterruptedException {
		this.stopping = true;
		for (Thread thread : this.threads) {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
			}
		}
	}

	boolean allStopped() {
		return this.threads.stream().noneMatch(Thread::isAlive);
	}

}
