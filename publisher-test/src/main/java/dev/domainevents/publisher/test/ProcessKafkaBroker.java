/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * A single-node KRaft broker (broker and controller in one) running in a child JVM, so that a test can kill it with
 * {@code kill -9}, pause it with {@code SIGSTOP}, and restart it on the same port and data.
 * <p>
 * Create one with {@link KafkaBrokers#process()}:
 * <pre>{@code
 * try (ProcessKafkaBroker broker = KafkaBrokers.process().brokerProperty("message.max.bytes", "2097152").start()) {
 *     broker.createTopic("orders", 3);
 *     broker.kill();
 *     broker.restart();
 * }
 * }</pre>
 * The broker listens on {@code 127.0.0.1} on two free ports (clients and controller) and keeps its data, its
 * {@code server.properties} and its log file ({@code broker.log}: the child's standard output and error) in its own
 * temporary directory. The child runs {@code BrokerMain}, which formats the storage on the first start and halts when
 * the JVM that started it dies, even by {@code kill -9}; a shutdown hook of this JVM kills every broker still running
 * when it exits normally. {@link #close()} kills the broker and deletes the directory.
 * <p>
 * Methods that change the process ({@link #pause()}, {@link #kill()}, {@link #restart()}...) are synchronized; a test
 * may call them from any thread.
 *
 * @since 0.1.0
 */
public final class ProcessKafkaBroker implements KafkaBroker {

	/**
	 * The child JVM's options unless {@link Builder#jvmOptions(List)} replaces them: a 512 MiB heap, and the serial
	 * collector, whose lack of background GC threads suits a two-core machine that also runs the tests.
	 */
	public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC",
			"-XX:+ExitOnOutOfMemoryError");

	private static final String HOST = "127.0.0.1";

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_BYTES = 8 * 1024;

	private static final System.Logger logger = System.getLogger(ProcessKafkaBroker.class.getName());

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	/** Brokers whose process may be alive; the shutdown hook kills them. */
	private static final Set<ProcessKafkaBroker> live = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> live.forEach(ProcessKafkaBroker::destroyNow), "kafka-broker-reaper"));
	}

	private final int port;

	private final int controllerPort;

	/** The port of the PROXIED listener, which only the proxy connects to; -1 when not proxied. */
	private final int proxiedListenerPort;

	/** The port of the proxy, advertised for the PROXIED listener; -1 when not proxied. */
	private final int proxyPort;

	private final @Nullable FaultyProxy proxy;

	private final String clusterId;

	private final Path dataDirectory;

	private final Path logFile;

	private final List<String> command;

	private final Map<String, String> clientProperties;

	private final Duration startupTimeout;

	private final boolean killedByShutdownHook;

	private volatile @Nullable Process process;

	private boolean paused;

	private volatile boolean closed;

	private ProcessKafkaBroker(Builder builder) throws IOException {
		int[] ports = freePorts(builder.proxied ? 4 : 2);
		this.port = ports[0];
		this.controllerPort = ports[1];
		this.proxiedListenerPort = builder.proxied ? ports[2] : -1;
		this.proxyPort = builder.proxied ? ports[3] : -1;
		// Chosen here and not in the child, so that every restart formats nothing and finds the same cluster.
		this.clusterId = Uuid.randomUuid().toString();
		this.dataDirectory = Files.createTempDirectory("kafka-broker-").toRealPath();
		this.logFile = this.dataDirectory.resolve("broker.log");
		this.clientProperties = Map.copyOf(builder.clientProperties);
		this.startupTimeout = builder.startupTimeout;
		this.killedByShutdownHook = builder.killedByShutdownHook;
		Path propertiesFile = this.dataDirectory.resolve("server.properties");
		Files.writeString(propertiesFile, toPropertiesText(brokerProperties(builder)), StandardCharsets.ISO_8859_1);
		List<String> jvmOptions = new ArrayList<>(builder.jvmOptions);
		jvmOptions.add("-Dslf4j.provider=" + BrokerLogProvider.class.getName());
		List<String> command = JavaCommand.write(this.dataDirectory.resolve("java.args"), jvmOptions,
				BrokerMain.class.getName(), List.of(Long.toString(ProcessHandle.current().pid()), this.clusterId,
						propertiesFile.toString(), this.dataDirectory.toString()));
		if (!this.killedByShutdownHook && Files.isExecutable(SETSID)) {
			// Its own session: a Ctrl-C in the terminal reaches the application, which drains, and not the broker.
			command = new ArrayList<>(command);
			command.add(0, SETSID.toString());
		}
		this.command = List.copyOf(command);
		this.proxy = builder.proxied ? FaultyProxy.start(this.proxyPort, HOST, this.proxiedListenerPort) : null;
	}

	private Map<String, String> brokerProperties(Builder builder) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@" + HOST + ":" + this.controllerPort);
		properties.put("listeners", "PLAINTEXT://" + HOST + ":" + this.port + ",CONTROLLER://" + HOST + ":"
				+ this.controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + this.port);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		properties.put("log.dirs", this.dataDirectory.resolve("kafka-logs").toString());
		// One node: every internal topic must do with one replica, and few partitions start faster.
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("auto.create.topics.enable", Boolean.toString(builder.autoCreateTopics));
		properties.putAll(builder.brokerProperties);
		if (builder.proxied) {
			addProxiedListener(properties);
		}
		return properties;
	}

	/**
	 * Adds the PROXIED listener: the broker listens on a port of its own and advertises the proxy's, so that a client
	 * that bootstraps through the proxy is sent back to it for every later connection (metadata answers with the
	 * addresses of the listener the request came in on), while the PLAINTEXT listener stays direct for this class's
	 * own clients. Plain text whatever the PLAINTEXT listener uses: a listener-specific setting (SASL's JAAS
	 * configuration, say) would not apply to it.
	 */
	private void addProxiedListener(Map<String, String> properties) {
		properties.merge("listeners", "PROXIED://" + HOST + ":" + this.proxiedListenerPort, (a, b) -> a + "," + b);
		properties.merge("advertised.listeners", "PROXIED://" + HOST + ":" + this.proxyPort, (a, b) -> a + "," + b);
		properties.merge("listener.security.protocol.map", "PROXIED:PLAINTEXT", (a, b) -> a + "," + b);
	}

	private void launch() {
		if (this.closed) {
			throw new IllegalStateException("The broker was closed");
		}
		long started = System.nanoTime();
		Process child;
		try {
			// Standard input stays a pipe that this JVM never writes to nor closes while the child lives: when this
			// JVM dies, the child reads end-of-file and halts (see BrokerMain).
			child = new ProcessBuilder(this.command).directory(this.dataDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the broker's JVM", ex);
		}
		this.process = child;
		this.paused = false;
		if (this.killedByShutdownHook) {
			live.add(this);
		}
		awaitReady(child, started);
		logger.log(System.Logger.Level.INFO, "Kafka broker (pid {0}) ready at {1} after {2} ms",
				Long.toString(child.pid()), bootstrapServers(),
				Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
	}

	/** Waits until the broker answers DescribeCluster with itself in the cluster. */
	private void awaitReady(Process child, long started) {
		long deadline = started + this.startupTimeout.toNanos();
		@Nullable Throwable lastFailure = null;
		try (Admin admin = BrokerClients.admin(bootstrapServers(), this.clientProperties, Duration.ofSeconds(2))) {
			while (true) {
				if (!child.isAlive()) {
					throw startupFailure("The broker's JVM exited with status " + child.exitValue() + " while starting",
							lastFailure);
				}
				try {
					Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000))
						.nodes()
						.get();
					if (!nodes.isEmpty()) {
						return;
					}
				}
				catch (ExecutionException ex) {
					// Not serving yet: connection refused, or the request timed out.
					lastFailure = ex.getCause();
				}
				if (System.nanoTime() - deadline > 0) {
					destroyAndWait(child);
					throw startupFailure("The broker was not ready within " + this.startupTimeout, lastFailure);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			destroyAndWait(child);
			throw new IllegalStateException("Interrupted while waiting for the broker to start", ex);
		}
	}

	private IllegalStateException startupFailure(String message, @Nullable Throwable cause) {
		return new IllegalStateException(message + " (" + bootstrapServers() + ", data in " + this.dataDirectory
				+ "). Last lines of " + this.logFile + ":\n" + logTail(), cause);
	}

	/**
	 * Returns the end of the broker's log file, the child's standard output and error.
	 * @return up to the last 8 KiB of the log
	 */
	String logTail() {
		try (RandomAccessFile file = new RandomAccessFile(this.logFile.toFile(), "r")) {
			long length = file.length();
			int size = (int) Math.min(length, LOG_TAIL_BYTES);
			byte[] bytes = new byte[size];
			file.seek(length - size);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(could not read the log: " + ex + ")";
		}
	}

	@Override
	public String bootstrapServers() {
		return HOST + ":" + this.port;
	}

	@Override
	public void createTopic(String name, int partitions, Map<String, String> configs) {
		BrokerClients.createTopic(bootstrapServers(), this.clientProperties, name, partitions, configs, TOPIC_TIMEOUT);
	}

	@Override
	public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout) {
		return BrokerClients.consume(bootstrapServers(), this.clientProperties, topic, expectedCount, timeout);
	}

	/**
	 * Suspends the broker's process with {@code kill -STOP}: its sockets stay open and accept connections, but nothing
	 * answers. Does nothing if it is paused already.
	 * @throws IllegalStateException if the process is not running
	 */
	@Override
	public synchronized void pause() {
		Process child = requireAlive("pause");
		if (!this.paused) {
			signal("STOP", child.pid());
			this.paused = true;
		}
	}

	/** Resumes a paused broker with {@code kill -CONT}; does nothing if it is not paused. */
	@Override
	public synchronized void resume() {
		Process child = this.process;
		if (this.paused && child != null && child.isAlive()) {
			signal("CONT", child.pid());
		}
		this.paused = false;
	}

	/**
	 * Kills the broker's process with {@code SIGKILL} (a paused one too) and waits until it is gone. Does nothing if it
	 * is not running.
	 */
	@Override
	public synchronized void kill() {
		Process child = this.process;
		if (child != null) {
			destroyAndWait(child);
		}
		this.paused = false;
	}

	/**
	 * Stops the broker with {@code SIGTERM}, which runs Kafka's controlled shutdown, and waits up to 30 seconds for the
	 * process to exit before killing it. A paused broker is resumed first, since a stopped process cannot handle the
	 * signal. Does nothing if it is not running.
	 */
	@Override
	public synchronized void stop() {
		Process child = this.process;
		if (child == null || !child.isAlive()) {
			return;
		}
		resume();
		// kill -TERM rather than Process.destroy(): destroy() also closes the child's stdin, which BrokerMain reads as
		// "the parent is gone" and answers by deleting the data and halting before Kafka's shutdown ran.
		signal("TERM", child.pid());
		if (!waitFor(child, STOP_TIMEOUT)) {
			logger.log(System.Logger.Level.WARNING, "Kafka broker (pid {0}) did not stop within {1}; killing it",
					Long.toString(child.pid()), STOP_TIMEOUT);
			destroyAndWait(child);
		}
		closeStreams(child);
	}

	/**
	 * Starts the broker again on the same ports and data directory, without formatting, and waits until it serves
	 * requests. A running broker is {@linkplain #stop() stopped} first.
	 * <p>
	 * After {@link #stop()} this takes about as long as the first start (3 s here). After {@link #kill()} it takes
	 * about 9 s longer: the restarted controller keeps the killed broker's registration until its session expires
	 * ({@code broker.session.timeout.ms}, 9 s by default) and only then lets the new one register. A lower session
	 * timeout set with {@link Builder#brokerProperty(String, String)} shortens that, but then a pause longer than it
	 * fences the broker when it resumes (its partitions have no leader for a moment).
	 * @throws IllegalStateException if it does not start within the startup timeout, with the end of its log
	 */
	@Override
	public synchronized void restart() {
		if (isRunning()) {
			stop();
		}
		launch();
	}

	@Override
	public boolean isRunning() {
		Process child = this.process;
		return child != null && child.isAlive();
	}

	/**
	 * Whether the broker is paused ({@link #pause()} without {@link #resume()} since).
	 * @return whether it is paused
	 */
	public synchronized boolean isPaused() {
		return this.paused;
	}

	/**
	 * Returns the process id of the broker's current (or last) JVM.
	 * @return the process id
	 */
	@Override
	public long pid() {
		Process child = this.process;
		return (child != null) ? child.pid() : -1;
	}

	/**
	 * Returns the directory that holds the broker's data, configuration and log; {@link #close()} deletes it.
	 * @return the data directory
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Returns the broker's log file: the child JVM's standard output and error, across restarts.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Returns the bootstrap servers of the proxied listener: clients given these reach the broker only through
	 * {@link #proxy()}, for every connection. {@link #bootstrapServers()}, {@link #createTopic}, {@link #consume}
	 * and the readiness check stay direct, so they work during a network fault.
	 * @return the proxy's address, for example {@code 127.0.0.1:40123}
	 * @throws IllegalStateException if the broker was not built with {@link Builder#proxied(boolean)}
	 */
	public String proxiedBootstrapServers() {
		return proxy().address();
	}

	/**
	 * Returns the proxy in front of the proxied listener, to blackhole, delay or throttle the network between the
	 * broker and the clients of {@link #proxiedBootstrapServers()}. It lives as long as the broker, across restarts.
	 * @return the proxy
	 * @throws IllegalStateException if the broker was not built with {@link Builder#proxied(boolean)}
	 */
	public FaultyProxy proxy() {
		FaultyProxy faultyProxy = this.proxy;
		if (faultyProxy == null) {
			throw new IllegalStateException("The broker has no proxy: build it with proxied(true)");
		}
		return faultyProxy;
	}

	/** Kills the broker (resuming it first if paused) and deletes its data directory. Does nothing the second time. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.paused) {
				try {
					resume();
				}
				catch (RuntimeException ex) {
					// SIGKILL ends a stopped process as well.
				}
			}
		}
		destroyNow();
		if (this.proxy != null) {
			this.proxy.close();
		}
		live.remove(this);
		logger.log(System.Logger.Level.INFO, "Kafka broker at {0} closed", bootstrapServers());
	}

	/** Takes no lock: the shutdown hook must not wait for a thread that is starting the broker. */
	private void destroyNow() {
		Process child = this.process;
		if (child != null) {
			destroyAndWait(child);
		}
		BrokerMain.deleteRecursively(this.dataDirectory);
	}

	private Process requireAlive(String action) {
		Process child = this.process;
		if (child == null || !child.isAlive()) {
			throw new IllegalStateException("Cannot " + action + " the broker: it is not running");
		}
		return child;
	}

	private static void destroyAndWait(Process child) {
		child.destroyForcibly();
		if (!waitFor(child, STOP_TIMEOUT)) {
			throw new IllegalStateException("Kafka broker (pid " + child.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
		}
		closeStreams(child);
	}

	private static boolean waitFor(Process child, Duration timeout) {
		try {
			return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !child.isAlive();
		}
	}

	/** Closes this side of the dead child's stdin pipe, so that restarts do not leak file descriptors. */
	private static void closeStreams(Process child) {
		try {
			child.getOutputStream().close();
		}
		catch (IOException ex) {
			// The child is gone; nothing depends on this.
		}
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running kill -" + signal + " " + pid, ex);
		}
	}

	/**
	 * Picks free ports by binding port 0, all at once so that they differ. The broker binds them a moment later; another
	 * process could take one in between, which is unlikely enough on a test machine.
	 */
	private static int[] freePorts(int count) throws IOException {
		InetAddress loopback = InetAddress.getByName(HOST);
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, loopback);
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	static String toPropertiesText(Map<String, String> properties) {
		StringBuilder text = new StringBuilder();
		properties.forEach((key, value) -> text.append(escape(key, true)).append('=').append(escape(value, false))
			.append('\n'));
		return text.toString();
	}

	private static String escape(String text, boolean key) {
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '=', ':', '#', '!' -> escaped.append(key ? "\\" + c : String.valueOf(c));
				case ' ' -> escaped.append((key || i == 0) ? "\\ " : " ");
				default -> {
					if (c < 0x20 || c > 0x7E) {
						// Plain ASCII, whatever charset reads the file (Kafka reads ISO 8859-1).
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	@Override
	public String toString() {
		return "ProcessKafkaBroker[" + bootstrapServers() + ", pid " + pid() + ", " + this.dataDirectory + "]";
	}

	/**
	 * Configures and starts a {@link ProcessKafkaBroker}; get one from {@link KafkaBrokers#process()}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final Map<String, String> brokerProperties = new LinkedHashMap<>();

		private final Map<String, String> clientProperties = new LinkedHashMap<>();

		private boolean autoCreateTopics;

		private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

		private Duration startupTimeout = Duration.ofSeconds(60);

		private boolean killedByShutdownHook = true;

		private boolean proxied;

		Builder() {
		}

		/**
		 * Sets whether a JVM shutdown hook kills the broker as soon as the JVM begins to shut down; on by default.
		 * An application that closes the broker itself after its own shutdown (as the sample app does, after the
		 * publisher drained) turns it off; the broker then also runs in a session of its own, so that a Ctrl-C in
		 * the terminal does not reach it. Either way it halts by itself once the JVM that started it is gone.
		 * @param killedByShutdownHook whether the shutdown hook kills the broker
		 * @return this builder
		 */
		public Builder killedByShutdownHook(boolean killedByShutdownHook) {
			this.killedByShutdownHook = killedByShutdownHook;
			return this;
		}

		/**
		 * Sets whether the broker gets a second client listener, {@code PROXIED}, reached through a
		 * {@link FaultyProxy} that it advertises: clients of {@link ProcessKafkaBroker#proxiedBootstrapServers()}
		 * then go through the proxy for every connection, and a test can blackhole, delay or throttle their network
		 * with {@link ProcessKafkaBroker#proxy()}. Off by default. {@link ProcessKafkaBroker#bootstrapServers()}
		 * stays direct.
		 * @param proxied whether to add the proxied listener and its proxy
		 * @return this builder
		 */
		public Builder proxied(boolean proxied) {
			this.proxied = proxied;
			return this;
		}

		/**
		 * Sets {@code auto.create.topics.enable}; off by default, so that a test of an unknown topic sees the failure a
		 * production cluster gives.
		 * @param autoCreateTopics whether the broker creates topics on first use
		 * @return this builder
		 */
		public Builder autoCreateTopics(boolean autoCreateTopics) {
			this.autoCreateTopics = autoCreateTopics;
			return this;
		}

		/**
		 * Adds a broker property to {@code server.properties}; it wins over this class's defaults (listeners and ports
		 * included, so override those only knowingly).
		 * @param key the property name, for example {@code message.max.bytes}
		 * @param value the value
		 * @return this builder
		 */
		public Builder brokerProperty(String key, String value) {
			this.brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Adds broker properties, as {@link #brokerProperty(String, String)} does for each.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder brokerProperties(Map<String, String> properties) {
			properties.forEach(this::brokerProperty);
			return this;
		}

		/**
		 * Adds a property to the clients that the broker itself uses: the readiness check, {@code createTopic} and
		 * {@code consume}. Needed when the listener requires authentication, for example {@code security.protocol}.
		 * @param key the client property name
		 * @param value the value
		 * @return this builder
		 */
		public Builder clientProperty(String key, String value) {
			this.clientProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Replaces the child JVM's options, {@link ProcessKafkaBroker#DEFAULT_JVM_OPTIONS} by default.
		 * @param options the options, for example {@code -Xmx1g}
		 * @return this builder
		 */
		public Builder jvmOptions(List<String> options) {
			this.jvmOptions = List.copyOf(options);
			return this;
		}

		/**
		 * Replaces the child JVM's options, {@link ProcessKafkaBroker#DEFAULT_JVM_OPTIONS} by default.
		 * @param options the options, for example {@code -Xmx1g}
		 * @return this builder
		 */
		public Builder jvmOptions(String... options) {
			return jvmOptions(List.of(options));
		}

		/**
		 * Sets how long {@link #start()} and {@link ProcessKafkaBroker#restart()} wait for the broker to serve
		 * requests; 60 seconds by default.
		 * @param startupTimeout the timeout
		 * @return this builder
		 */
		public Builder startupTimeout(Duration startupTimeout) {
			this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
			return this;
		}

		/**
		 * Starts the broker and waits until it serves requests.
		 * @return the running broker; close it to kill it and delete its data
		 * @throws IllegalStateException if it does not start within the startup timeout, with the end of its log
		 */
		public ProcessKafkaBroker start() {
			ProcessKafkaBroker broker;
			try {
				broker = new ProcessKafkaBroker(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not prepare the broker's data directory", ex);
			}
			try {
				synchronized (broker) {
					broker.launch();
				}
				return broker;
			}
			catch (RuntimeException ex) {
				broker.close();
				throw ex;
			}
		}

	}

}
