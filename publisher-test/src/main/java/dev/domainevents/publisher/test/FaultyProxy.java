/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>
 * This class accepts the connections and is the face of the proxy; {@link ProxyConnection} pumps each connection's
 * bytes and {@link FaultPolicy} decides when they may go.
 *
 * @since 0.1.0
 */
public final class FaultyProxy implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	/** The target is local: a connection it neither accepts nor refuses for this long is a fault of its own. */
	private static final int CONNECT_TIMEOUT_MILLIS = 5000;

	private static final System.Logger logger = System.getLogger(FaultyProxy.class.getName());

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Thread acceptor;

	private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connectionNumbers = new AtomicInteger();

	private final FaultPolicy policy = new FaultPolicy();

	private final ProxyConnection.Direction toTarget = new ProxyConnection.Direction("to-target", this.policy.toTarget);

	private final ProxyConnection.Direction toClients = new ProxyConnection.Direction("to-clients",
			this.policy.toClients);

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
		this.policy.pass();
		return this;
	}

	/**
	 * Stops forwarding bytes in both directions, on every connection, existing and new, while keeping every socket
	 * open: neither side sees a close or a reset, only silence. {@link #pass()} ends it.
	 * @return this proxy
	 */
	public FaultyProxy blackhole() {
		this.policy.blackhole();
		return this;
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
		this.policy.delay(delay);
		return this;
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
		this.policy.throttle(bytesPerSecond);
		return this;
	}

	/**
	 * Whether the proxy is blackholing.
	 * @return whether bytes are held instead of forwarded
	 */
	public boolean isBlackholed() {
		return this.policy.isBlackholed();
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
		this.closed = true;
		this.policy.close();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway; nothing else holds this socket.
		}
		List<Thread> threads = new ArrayList<>();
		threads.add(this.acceptor);
		for (ProxyConnection connection : List.copyOf(this.connections)) {
			connection.close();
			threads.addAll(connection.threads());
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
				ProxyConnection.closeQuietly(target);
				ProxyConnection.closeQuietly(client);
				continue;
			}
			ProxyConnection connection = new ProxyConnection("faulty-proxy-" + port() + "-" + number + "-", client,
					target, this.toTarget, this.toClients, this.policy, this.connections::remove);
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

	@Override
	public String toString() {
		return "FaultyProxy[" + address() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

}
