/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client connection of a {@link FaultyProxy} and its connection to the target: the pump that moves their bytes,
 * with a reader and a writer per direction.
 * <p>
 * The reader takes bytes off the socket as soon as they come, so that the proxy can count what the sender sent even
 * while the network holds it; the writer forwards them when the {@link FaultPolicy} gives it the turn. Between the two,
 * up to {@value #HELD_CHUNKS} chunks wait; beyond that the reader stops reading and TCP's own flow control stops the
 * sender. An end of stream or a reset is queued behind the bytes, so that it arrives after them, as TCP retransmission
 * would deliver it. Plain blocking sockets with {@code TCP_NODELAY}, so that the proxy adds no latency of its own.
 */
final class ProxyConnection {

	/** The most bytes a reader takes off its socket at once. */
	static final int CHUNK_BYTES = 16 * 1024;

	/**
	 * Chunks held per direction and connection before the reader stops reading (1 MiB at most). Enough that a delay
	 * of tens of milliseconds does not limit the throughput of small requests.
	 */
	private static final int HELD_CHUNKS = 64;

	private final Socket client;

	private final Socket target;

	private final FaultPolicy policy;

	private final Consumer<ProxyConnection> onClose;

	private final List<Thread> threads = new ArrayList<>(4);

	/** Directions not yet ended by a half-close; the connection closes when both are. */
	private final AtomicInteger openDirections = new AtomicInteger(2);

	private volatile boolean closed;

	/**
	 * Prepares the pumps of both directions; {@link #start()} starts them.
	 * @param threadNamePrefix the start of the names of this connection's threads
	 * @param client the accepted client socket
	 * @param target the socket connected to the target
	 * @param toTarget the proxy's direction from clients to the target
	 * @param toClients the proxy's direction from the target to clients
	 * @param policy the network conditions that the writers obey
	 * @param onClose told once or more when the connection closes, so that the proxy forgets it
	 */
	ProxyConnection(String threadNamePrefix, Socket client, Socket target, Direction toTarget, Direction toClients,
			FaultPolicy policy, Consumer<ProxyConnection> onClose) {
		this.client = client;
		this.target = target;
		this.policy = policy;
		this.onClose = onClose;
		pump(threadNamePrefix + toTarget.name, client, target, toTarget);
		pump(threadNamePrefix + toClients.name, target, client, toClients);
	}

	private void pump(String name, Socket from, Socket to, Direction direction) {
		BlockingQueue<Chunk> held = new ArrayBlockingQueue<>(HELD_CHUNKS);
		Thread reader = new Thread(() -> read(from, held, direction), name + "-reader");
		Thread writer = new Thread(() -> write(held, to, direction), name + "-writer");
		reader.setDaemon(true);
		writer.setDaemon(true);
		this.threads.add(reader);
		this.threads.add(writer);
	}

	/** Starts the readers and writers, or closes the connection if its sockets cannot be set up. */
	void start() {
		try {
			this.client.setTcpNoDelay(true);
			this.target.setTcpNoDelay(true);
		}
		catch (IOException ex) {
			close();
			return;
		}
		this.threads.forEach(Thread::start);
	}

	/**
	 * Returns the connection's threads, for a closing proxy to wait for.
	 * @return the readers and writers
	 */
	List<Thread> threads() {
		return this.threads;
	}

	private void read(Socket from, BlockingQueue<Chunk> held, Direction direction) {
		byte[] buffer = new byte[CHUNK_BYTES];
		try {
			InputStream in = from.getInputStream();
			while (true) {
				int count = in.read(buffer);
				if (count < 0) {
					held.put(new Chunk(new byte[0], System.nanoTime(), Chunk.Kind.END_OF_STREAM));
					return;
				}
				direction.received.addAndGet(count);
				held.put(new Chunk(Arrays.copyOf(buffer, count), System.nanoTime(), Chunk.Kind.DATA));
			}
		}
		catch (IOException ex) {
			// A reset, or this connection being closed: the writer passes it on when the network allows.
			if (!this.closed) {
				try {
					held.put(new Chunk(new byte[0], System.nanoTime(), Chunk.Kind.BROKEN));
				}
				catch (InterruptedException interrupted) {
					// The connection was closed meanwhile.
				}
			}
		}
		catch (InterruptedException ex) {
			// The connection was closed while the held chunks were full.
		}
	}

	private void write(BlockingQueue<Chunk> held, Socket to, Direction direction) {
		try {
			OutputStream out = to.getOutputStream();
			while (true) {
				Chunk chunk = held.take();
				if (chunk.kind() != Chunk.Kind.DATA) {
					if (awaitTurn(direction, chunk, 0)) {
						if (chunk.kind() == Chunk.Kind.END_OF_STREAM) {
							// Half-close: the other direction may still have bytes to deliver.
							to.shutdownOutput();
							directionDone();
						}
						else {
							close();
						}
					}
					return;
				}
				byte[] bytes = chunk.bytes();
				int slice = this.policy.sliceBytes(CHUNK_BYTES);
				for (int offset = 0; offset < bytes.length; offset += slice) {
					int length = Math.min(slice, bytes.length - offset);
					if (!awaitTurn(direction, chunk, length)) {
						return;
					}
					out.write(bytes, offset, length);
					out.flush();
					direction.forwarded.addAndGet(length);
				}
			}
		}
		catch (IOException ex) {
			close();
		}
		catch (InterruptedException ex) {
			// The connection was closed.
		}
	}

	private boolean awaitTurn(Direction direction, Chunk chunk, int bytes) throws InterruptedException {
		return this.policy.awaitTurn(direction.budget, chunk.readAtNanos(), bytes, () -> this.closed);
	}

	private void directionDone() {
		if (this.openDirections.decrementAndGet() == 0) {
			close();
		}
	}

	/** Closes both sockets and wakes this connection's threads so that they end. */
	void close() {
		this.closed = true;
		closeQuietly(this.client);
		closeQuietly(this.target);
		this.onClose.accept(this);
		// Wakes writers waiting for their turn or for chunks, and readers waiting for room; none holds a lock
		// that matters, and blocking socket I/O ignores interrupts (closing the sockets ends it instead).
		for (Thread thread : this.threads) {
			if (thread != Thread.currentThread()) {
				thread.interrupt();
			}
		}
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already broken; nothing to release.
		}
	}

	/**
	 * One direction of the proxy's traffic, shared by all its connections: the byte counters that let a test tell a
	 * fault really happened, and the throttle budget of the direction.
	 */
	static final class Direction {

		final String name;

		final FaultPolicy.Budget budget;

		/** Bytes read from the sender, including those held and not forwarded. */
		final AtomicLong received = new AtomicLong();

		/** Bytes written to the receiver. */
		final AtomicLong forwarded = new AtomicLong();

		Direction(String name, FaultPolicy.Budget budget) {
			this.name = name;
			this.budget = budget;
		}

	}

	/** What a reader hands its writer: bytes, or the end of the stream, each with the time it was read. */
	private record Chunk(byte[] bytes, long readAtNanos, Kind kind) {

		enum Kind {

			DATA, END_OF_STREAM, BROKEN

		}

	}

}
