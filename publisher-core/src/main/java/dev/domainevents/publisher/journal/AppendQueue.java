/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Appends on their way to the writer thread. Appending takes a lock for an {@code add} (never waits for the writer);
 * the writer takes all that arrived at once. Closing and appending share the lock, so every append either precedes
 * the close (and is written) or is refused: none is left behind in the queue.
 */
final class AppendQueue {

	/** An accepted append: its encoded frame (position and CRC stamped by the writer) and whom to tell. */
	record PendingAppend(ByteBuffer frame, AppendCallback callback) {
	}

	private final Object lock = new Object();

	private List<PendingAppend> incoming = new ArrayList<>();

	/** Written under the lock; read without it on the append path, to refuse appends after close cheaply. */
	private volatile boolean closed;

	private boolean writerWaiting;

	/** @return {@code false} when the queue is closed: the append is not taken */
	boolean offer(PendingAppend append) {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			this.incoming.add(append);
			if (this.writerWaiting) {
				this.lock.notify();
			}
			return true;
		}
	}

	void close() {
		synchronized (this.lock) {
			this.closed = true;
			this.lock.notifyAll();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Moves every append that arrived into {@code target}, first waiting up to {@code waitNanos} when none has (and
	 * the queue is open).
	 */
	void drainTo(List<PendingAppend> target, long waitNanos) throws InterruptedException {
		synchronized (this.lock) {
			if (this.incoming.isEmpty() && !this.closed && waitNanos > 0) {
				this.writerWaiting = true;
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, waitNanos);
				}
				finally {
					this.writerWaiting = false;
				}
			}
			target.addAll(this.incoming);
			this.incoming.clear();
		}
	}

}
