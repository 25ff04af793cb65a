/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * <p>
 * This class ties the broker's parts together and is its public face: {@link BrokerPorts} and
 * {@link ServerProperties} configure it, {@link BrokerProcess} runs and signals the child JVM, and
 * {@link BrokerReadiness} waits for it to serve.
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

	private static final String HOST = BrokerPorts.HOST;

	private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

	private static final System.Logger logger = System.getLogger(ProcessKafkaBroker.class.getName());

	/** Brokers whose process may be alive; the shutdown hook kills them. */
	private static final Set<ProcessKafkaBroker> live = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> live.forEach(ProcessKafkaBroker::destroyNow), "kafka-broker-reaper"));
	}

	private final BrokerPorts ports;

	private final @Nullable FaultyProxy proxy;

	private final Path dataDirectory;

	private final Path logFile;

	private final Map<String, String> clientProperties;

	private final boolean killedByShutdownHook;

	private final BrokerProcess process;

	private final BrokerReadiness readiness;

	private volatile boolean closed;

	private ProcessKafkaBroker(Builder builder) throws IOException {
		this.ports = BrokerPorts.pick(builder.proxied);
		// Chosen here and not in the child, so that every restart formats nothing and finds the same cluster.
		String clusterId = Uuid.randomUuid().toString();
		this.dataDirectory = Files.createTempDirectory("kafka-broker-").toRealPath();
		this.logFile = this.dataDirectory.resolve("broker.log");
		this.clientProperties = Map.copyOf(builder.clientProperties);
		this.killedByShutdownHook = builder.killedByShutdownHook;
		Path propertiesFile = this.dataDirectory.resolve("server.properties");
		ServerProperties.write(propertiesFile, ServerProperties.of(this.ports, this.dataDirectory.resolve("kafka-logs"),
				builder.autoCreateTopics, builder.brokerProperties));
		this.process = BrokerProcess.prepare(this.dataDirectory, this.logFile, builder.jvmOptions, clusterId,
				propertiesFile, !this.killedByShutdownHook);
		this.readiness = new BrokerReadiness(bootstrapServers(), this.clientProperties, builder.startupTimeout,
				this.dataDirectory, this.logFile);
		this.proxy = this.ports.proxied() ? FaultyProxy.start(this.ports.proxy(), HOST, this.ports.proxiedListener())
				: null;
	}

	private void launch() {
		if (this.closed) {
			throw new IllegalStateException("The broker was closed");
		}
		long started = System.nanoTime();
		Process child = this.process.start();
		if (this.killedByShutdownHook) {
			live.add(this);
		}
		this.readiness.await(child, started);
		logger.log(System.Logger.Level.INFO, "Kafka broker (pid {0}) ready at {1} after {2} ms",
				Long.toString(child.pid()), bootstrapServers(),
				Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
	}

	@Override
	public String bootstrapServers() {
		return HOST + ":" + this.ports.clients();
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
		this.process.pause();
	}

	/** Resumes a paused broker with {@code kill -CONT}; does nothing if it is not paused. */
	@Override
	public synchronized void resume() {
		this.process.resume();
	}

	/**
	 * Kills the broker's process with {@code SIGKILL} (a paused one too) and waits until it is gone. Does nothing if it
	 * is not running.
	 */
	@Override
	public synchronized void kill() {
		this.process.kill();
	}

	/**
	 * Stops the broker with {@code SIGTERM}, which runs Kafka's controlled shutdown, and waits up to 30 seconds for the
	 * process to exit before killing it. A paused broker is resumed first, since a stopped process cannot handle the
	 * signal. Does nothing if it is not running.
	 */
	@Override
	public synchronized void stop() {
		this.process.stop();
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
		return this.process.isRunning();
	}

	/**
	 * Whether the broker is paused ({@link #pause()} without {@link #resume()} since).
	 * @return whether it is paused
	 */
	public synchronized boolean isPaused() {
		return this.process.isPaused();
	}

	/**
	 * Returns the process id of the broker's current (or last) JVM.
	 * @return the process id
	 */
	@Override
	public long pid() {
		return this.process.pid();
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
			try {
				resume();
			}
			catch (RuntimeException ex) {
				// SIGKILL ends a stopped process as well.
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
		this.process.killNow();
		BrokerMain.deleteRecursively(this.dataDirectory);
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
