/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on {@code 127.0.0.1} whose network can be made to fail at runtime: it forwards bytes as they come
 * ({@link #pass()}), stops forwarding them while every socket stays open ({@link #blackhole()}), delays every chunk
 * ({@link #delay(Duration)}), or limits the bytes per second in each direction ({@link #throttle(long)}).
 * <pre>{@code
 * try (FaultyProxy proxy = FaultyProxy.start("127.0.0.1", brokerPort)) {
 *     // clients connect to proxy.address()
 *     long before = proxy.bytesToTarget();
 *     proxy.blackhole();
 *     // ... the clients send, nothing arrives; proxy.bytesToTarget() stays at before
 *     proxy.pass();
 * }
 * }</pre>
 * A blackhole is a network partition, not a crash: connections are accepted and connected to the target, nothing
 * is refused or reset, and the bytes that arrive meanwhile are held (up to 1 MiB per direction and
 * connection, then TCP's own flow control stops the sender). When the network returns they are delivered, in order,
 * followed by any close that the sender made meanwhile, as TCP retransmission would deliver them. A test can tell that
 * the fault really happened from the counters: {@link #bytesFromClients()} grows while {@link #bytesToTarget()} does
 * not.
 * <p>
 * Delay and throttle apply to each direction: a chunk read at time {@code t} is written no earlier than
 * {@code t + delay}, and the chunks of all connections in one direction share a budget of {@code bytesPerSecond}.
 * Chunks are pipelined, so a delay adds latency without limiting throughput.
 * <p>
 * Each connection has two threads per direction (a reader that takes the bytes off the socket and a writer that
 * forwards them when the network allows), plain blocking sockets, with {@code TCP_NODELAY} so that the proxy adds no
 * latency of its own. {@link #close()} closes the listening socket and every connection, and waits for the threads.
 * Settings may change from any thread at any time; they apply to bytes already held too.
 *
 * @since 0.1.0
 */
public final class FaultyProxy implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final int CHUNK_BYTES = 16 * 1024;

	/**
	 * Chunks held per direction and connection before the reader stops reading (1 MiB at most). Enough that a delay
	 * of tens of milliseconds does not limit the throughput of small requests.
	 */
	private static final int HELD_CHUNKS = 64;

	/** How finely a throttled chunk is sliced, in fractions of a second of budget, so that the rate stays smooth. */
	private static final int SLICES_PER_SECOND = 50;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	/** The target is local: a connection it neither accepts nor refuses for this long is a fault of its own. */
	private static final int CONNECT_TIMEOUT_MILLIS = 5000;

	private static final System.Logger logger = System.getLogger(FaultyProxy.class.getName());

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Thread acceptor;

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connectionNumbers = new AtomicInteger();

	/** Guards the settings below and the throttle budgets; {@link #changed} wakes writers when a setting changes. */
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private boolean blackholed;

	private long delayNanos;

	private long bytesPerSecond;

	private final Direction toTarget = new Direction("to-target");

	private final Direction toClients = new Direction("to-clients");

	private volatile boolean closed;

	private FaultyProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.acceptor = new Thread(this::acceptConnections, "faulty-proxy-" + server.getLocalPort() + "-acceptor");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Starts a proxy on a free port of {@code 127.0.0.1}, forwarding to the target, with the network passing.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the running proxy; close it to close every connection
	 */
	public static FaultyProxy start(String targetHost, int targetPort) {
		return start(0, targetHost, targetPort);
	}

	/**
	 * Starts a proxy on the given port of {@code 127.0.0.1}, forwarding to the target, with the network passing. The
	 * target need not be up yet: each accepted connection connects to it then.
	 * @param port the port to listen on, or {@code 0} for a free one
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the running proxy; close it to close every connection
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static FaultyProxy start(int port, String targetHost, int targetPort) {
		Objects.requireNonNull(targetHost, "targetHost");
		try {
			ServerSocket server = new ServerSocket();
			// A port just probed as free (ProcessKafkaBroker picks them so) may still be in TIME_WAIT.
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 50);
			return new FaultyProxy(server, targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on " + HOST + ":" + port, ex);
		}
	}

	/**
	 * Returns the port that clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Returns the address that clients connect to, for example {@code 127.0.0.1:40123}.
	 * @return the address as {@code host:port}
	 */
	public String address() {
		return HOST + ":" + port();
	}

	/**
	 * Lets bytes pass at once and at full speed: ends a blackhole, a delay and a throttle. Bytes held during a
	 * blackhole are delivered now.
	 * @return this proxy
	 */
	public FaultyProxy pass() {
		return update(() -> {
			this.blackholed = false;
			this.delayNanos = 0;
			this.bytesPerSecond = 0;
		});
	}

	/**
	 * Stops forwarding bytes in both directions, on every connection, existing and new, while keeping every socket
	 * open: neither side sees a close or a reset, only silence. {@link #pass()} ends it.
	 * @return this proxy
	 */
	public FaultyProxy blackhole() {
		return update(() -> this.blackholed = true);
	}

	/**
	 * Delays every chunk, in each direction, by the given latency from the moment the proxy read it, so a request and
	 * its response take twice the delay longer. {@link Duration#ZERO} removes the delay.
	 * @param delay the added latency per direction
	 * @return this proxy
	 */
	public FaultyProxy delay(Duration delay) {
		if (Objects.requireNonNull(delay, "delay").isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		return update(() -> this.delayNanos = delay.toNanos());
	}

	/**
	 * Limits each direction to the given bytes per second, shared by all connections. {@code 0} removes the limit.
	 * @param bytesPerSecond the rate per direction
	 * @return this proxy
	 */
	public FaultyProxy throttle(long bytesPerSecond) {
		if (bytesPerSecond < 0) {
			throw new IllegalArgumentException("bytesPerSecond must not be negative");
		}
		return update(() -> {
			this.bytesPerSecond = bytesPerSecond;
			// A new budget starts now: the debt run up under a lower rate does not carry over.
			this.toTarget.nextSliceNanos = System.nanoTime();
			this.toClients.nextSliceNanos = System.nanoTime();
		});
	}

	/**
	 * Whether the proxy is blackholing.
	 * @return whether bytes are held instead of forwarded
	 */
	public boolean isBlackholed() {
		this.lock.lock();
		try {
			return this.blackholed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many bytes the proxy read from clients, including those it holds and has not forwarded.
	 * @return the bytes received from clients
	 */
	public long bytesFromClients() {
		return this.toTarget.received.get();
	}

	/**
	 * Returns how many bytes the proxy forwarded from clients to the target.
	 * @return the bytes written to the target
	 */
	public long bytesToTarget() {
		return this.toTarget.forwarded.get();
	}

	/**
	 * Returns how many bytes the proxy read from the target, including those it holds and has not forwarded.
	 * @return the bytes received from the target
	 */
	public long bytesFromTarget() {
		return this.toClients.received.get();
	}

	/**
	 * Returns how many bytes the proxy forwarded from the target to clients.
	 * @return the bytes written to clients
	 */
	public long bytesToClients() {
		return this.toClients.forwarded.get();
	}

	/**
	 * Returns how many client connections the proxy accepted since it started.
	 * @return the accepted connections
	 */
	public int acceptedConnections() {
		return this.connectionNumbers.get();
	}

	/**
	 * Returns how many client connections are open now.
	 * @return the open connections
	 */
	public int openConnections() {
		return this.connections.size();
	}

	/** Closes the listening socket and every connection, and waits a few seconds for the proxy's threads to end. */
	@Override
	public void close() {
		update(() -> this.closed = true);
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway; nothing else holds this socket.
		}
		List<Thread> threads = new ArrayList<>();
		threads.add(this.acceptor);
		for (Connection connection : List.copyOf(this.connections)) {
			connection.close();
			threads.addAll(connection.threads);
		}
		long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
		for (Thread thread : threads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (thread.isAlive()) {
				logger.log(System.Logger.Level.WARNING, "Thread {0} of the proxy at {1} did not end within {2}",
						thread.getName(), address(), CLOSE_TIMEOUT);
			}
		}
	}

	private FaultyProxy update(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	private void acceptConnections() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.log(System.Logger.Level.WARNING, "The proxy at " + address() + " stopped accepting", ex);
				}
				return;
			}
			int number = this.connectionNumbers.incrementAndGet();
			Socket target = new Socket();
			try {
				target.connect(new InetSocketAddress(this.targetHost, this.targetPort), CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				// The target is down (a killed broker, say): the client sees its connection closed, as it would
				// see it refused without the proxy.
				closeQuietly(target);
				closeQuietly(client);
				continue;
			}
			Connection connection = new Connection(number, client, target);
			this.connections.add(connection);
			if (this.closed) {
				// close() may have copied the set just before this connection joined it.
				connection.close();
			}
			else {
				connection.start();
			}
		}
	}

	/**
	 * Waits until a chunk may be written: the network passes, the chunk's delay is over and, when throttled, the
	 * direction's budget has room for {@code bytes}, which it then takes.
	 * @return whether the chunk may be written; {@code false} once the proxy or the connection is closed
	 */
	private boolean awaitTurn(Connection connection, Direction direction, long readAtNanos, int bytes)
			throws InterruptedException {
		this.lock.lock();
		try {
			while (true) {
				if (this.closed || connection.closed) {
					return false;
				}
				if (this.blackholed) {
					this.changed.await();
					continue;
				}
				long now = System.nanoTime();
				long due = readAtNanos + this.delayNanos;
				if (this.bytesPerSecond > 0 && direction.nextSliceNanos - due > 0) {
					due = direction.nextSliceNanos;
				}
				if (due - now > 0) {
					this.changed.awaitNanos(due - now);
					continue;
				}
				if (this.bytesPerSecond > 0) {
					// No burst allowance: a budget left unused while idle does not pile up.
					long start = Math.max(now - TimeUnit.MILLISECONDS.toNanos(1), direction.nextSliceNanos);
					direction.nextSliceNanos = start + bytes * TimeUnit.SECONDS.toNanos(1) / this.bytesPerSecond;
				}
				return true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private int sliceBytes() {
		this.lock.lock();
		try {
			return (this.bytesPerSecond > 0)
					? (int) Math.max(256, Math.min(CHUNK_BYTES, this.bytesPerSecond / SLICES_PER_SECOND)) : CHUNK_BYTES;
		}
		finally {
			this.lock.unlock();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already broken; nothing to release.
		}
	}

	@Override
	public String toString() {
		return "FaultyProxy[" + address() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

	/** The counters and throttle budget of one direction, shared by all connections. */
	private static final class Direction {

		final String name;

		final AtomicLong received = new AtomicLong();

		final AtomicLong forwarded = new AtomicLong();

		/** When the next throttled slice may go; guarded by the proxy's lock. */
		long nextSliceNanos = System.nanoTime();

		Direction(String name) {
			this.name = name;
		}

	}

	/** What a reader hands its writer: bytes, or the end of the stream, each with the time it was read. */
	private record Chunk(byte[] bytes, long readAtNanos, Kind kind) {

		enum Kind {

			DATA, END_OF_STREAM, BROKEN

		}

	}

	/** One client connection and its connection to the target, with a reader and a writer per direction. */
	private final class Connection {

		final Socket client;

		final Socket target;

		final List<Thread> threads = new ArrayList<>(4);

		final AtomicInteger openDirections = new AtomicInteger(2);

		volatile boolean closed;

		Connection(int number, Socket client, Socket target) {
			this.client = client;
			this.target = target;
			String prefix = "faulty-proxy-" + port() + "-" + number + "-";
			pump(prefix + toTarget.name, client, target, toTarget);
			pump(prefix + toClients.name, target, client, toClients);
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
						if (awaitTurn(this, direction, chunk.readAtNanos(), 0)) {
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
					int slice = sliceBytes();
					for (int offset = 0; offset < bytes.length; offset += slice) {
						int length = Math.min(slice, bytes.length - offset);
						if (!awaitTurn(this, direction, chunk.readAtNanos(), length)) {
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

		private void directionDone() {
			if (this.openDirections.decrementAndGet() == 0) {
				close();
			}
		}

		void close() {
			this.closed = true;
			closeQuietly(this.client);
			closeQuietly(this.target);
			FaultyProxy.this.connections.remove(this);
			// Wakes writers waiting for their turn or for chunks, and readers waiting for room; none holds a lock
			// that matters, and blocking socket I/O ignores interrupts (closing the sockets ends it instead).
			for (Thread thread : this.threads) {
				if (thread != Thread.currentThread()) {
					thread.interrupt();
				}
			}
		}

	}

}
