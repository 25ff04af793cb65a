/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy threads that keep the cores of the machine occupied, so that a test sees the broker and the clients scheduled
 * late, as on a loaded machine. Each thread spins until {@link #close()} or until its time runs out, whichever comes
 * first, so a test that dies leaves no burner behind for long.
 * <pre>{@code
 * try (CpuLoad load = CpuLoad.start(2, Duration.ofSeconds(30))) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CpuLoad implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	private CpuLoad(int threadCount, Duration atMost) {
		long end = System.nanoTime() + atMost.toNanos();
		for (int i = 0; i < threadCount; i++) {
			Thread thread = new Thread(() -> spin(end), "cpu-load-" + i);
			thread.setDaemon(true);
			thread.setPriority(Thread.NORM_PRIORITY);
			this.threads.add(thread);
		}
		this.threads.forEach(Thread::start);
	}

	/**
	 * Starts the busy threads.
	 * @param threads how many, for example the number of cores
	 * @param atMost how long they spin at most
	 * @return the load; close it to stop them
	 */
	public static CpuLoad start(int threads, Duration atMost) {
		return new CpuLoad(threads, atMost);
	}

	private void spin(long end) {
		long sink = 0;
		while (this.running && System.nanoTime() - end < 0) {
			for (int i = 0; i < 10_000; i++) {
				sink += i ^ sink;
			}
		}
		if (sink == 42) {
			// Keeps the loop from being optimized away.
			System.out.print("");
		}
	}

	/** Stops the busy threads and waits for them. */
	@Override
	public void close() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
