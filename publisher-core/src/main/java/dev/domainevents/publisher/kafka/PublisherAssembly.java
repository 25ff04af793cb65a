/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.ClassUtils;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublisherInspection;
import dev.domainevents.publisher.journal.Journal;
import dev.domainevents.publisher.journal.JournalOptions;
import dev.domainevents.publisher.serialization.EventSerializer;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

/**
 * Wires a publisher's parts from a builder's settings: the producer factory and template, the bounds, the ledger, the
 * threads and who wakes whom. The facade only uses what this assembled; nothing here runs after construction but the
 * threads it starts.
 */
final class PublisherAssembly {

	static final int MAX_BATCH = 512;

	final Workers workers = new Workers();

	final OutcomeReporter outcomes;

	final long overflowTimeoutNanos;

	final @Nullable DefaultKafkaProducerFactory<byte[], byte[]> ownedProducerFactory;

	final KafkaTemplate<byte[], byte[]> template;

	final InFlightWindow window;

	final PendingBounds bounds;

	final EventLedger ledger;

	final CompletionDrain completions;

	final EventLifecycle lifecycle;

	final Dispatcher dispatcher;

	final DeadlineTimer deadlineTimer;

	final MetadataProber metadataProber;

	final EventPreparation preparation;

	final PublisherShutdown shutdown;

	final PublisherInspection.Configuration configuration;

	final @Nullable EventJournal journal;

	final @Nullable JournalReplay replay;

	final @Nullable QueueSpill spill;

	PublisherAssembly(KafkaDomainEventPublisherBuilder builder) {
		// First: a journal that cannot be opened (locked, unreadable) stops the build before anything else started.
		Journal openedJournal = openJournal(builder);
		this.outcomes = new OutcomeReporter(builder.listeners, this.workers);
		this.overflowTimeoutNanos = (builder.overflowPolicy == OverflowPolicy.BLOCK) ? builder.overflowTimeout.toNanos()
				: 0;
		ProducerFactory<byte[], byte[]> producerFactory;
		if (builder.producerFactory != null) {
			producerFactory = builder.producerFactory;
			this.ownedProducerFactory = null;
		}
		else {
			this.ownedProducerFactory = new DefaultKafkaProducerFactory<>(ownedProducerConfig(builder));
			// A producer is replaced only after a fatal error, when nothing it holds can succeed: close it at once.
			this.ownedProducerFactory.setPhysicalCloseTimeout(0);
			builder.producerFactoryListeners.forEach(this.ownedProducerFactory::addListener);
			producerFactory = this.ownedProducerFactory;
		}
		Map<String, Object> producerConfig = producerConfig(producerFactory);
		long bufferMemory = longConfig(producerConfig, ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
		long maxRequestSize = longConfig(producerConfig, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
		long windowBytes = (builder.maxInFlightBytes != null) ? builder.maxInFlightBytes : bufferMemory / 2;
		if (windowBytes > bufferMemory) {
			throw new IllegalArgumentException("maxInFlightBytes (" + windowBytes
					+ ") must not exceed the producer's buffer.memory (" + bufferMemory + ")");
		}
		int maxRecordBytes = (int) Math.min(Math.min(maxRequestSize, windowBytes),
				Math.min(builder.maxQueuedBytes, Integer.MAX_VALUE));
		this.window = new InFlightWindow(windowBytes);
		this.bounds = new PendingBounds(builder.maxQueuedEvents, builder.maxQueuedBytes);
		this.ledger = new EventLedger(this.bounds, builder.deliveryTimeout.toNanos(), builder.parkedSharePerTopic);
		this.template = template(producerFactory, builder.observationRegistry);
		ForkJoinPool ownedCompletionPool = (builder.completionExecutor != null) ? null : newCompletionPool();
		Executor completionExecutor = (ownedCompletionPool != null) ? ownedCompletionPool : builder.completionExecutor;
		this.completions = new CompletionDrain(completionExecutor, ownedCompletionPool != null, this.ledger::completed,
				this.bounds, this.workers);
		this.journal = (openedJournal != null) ? new EventJournal(builder.journalMode, openedJournal,
				String.valueOf(builder.journalDirectory), builder.journalMaxBytes,
				new PendingBounds(builder.maxQueuedEvents, builder.maxQueuedBytes), this.ledger) : null;
		this.lifecycle = new EventLifecycle(this.outcomes, this.completions, this.journal);
		this.dispatcher = new Dispatcher(this.ledger.dispatchQueue(), this.window, this.template, this.lifecycle,
				MAX_BATCH, this.ownedProducerFactory != null || builder.producerFactoryOwned, this.workers);
		if (this.journal != null) {
			this.replay = new JournalReplay(this.journal, this.ledger, this.dispatcher, this.outcomes,
					builder.maxQueuedEvents, builder.replayInitialBackoff, builder.replayMaxBackoff, this.workers);
			this.spill = this.journal.connect(this.lifecycle, this.replay, this.dispatcher, this.completions,
					this.workers);
		}
		else {
			this.replay = null;
			this.spill = null;
		}
		this.deadlineTimer = new DeadlineTimer(this.ledger, this.lifecycle, this.dispatcher.topicsWritten(),
				this.completions, this.workers);
		this.metadataProber = new MetadataProber(this.ledger.dispatchQueue(), this.dispatcher, this.template, this.workers);
		this.dispatcher.onTopicParked(this.metadataProber::wake);
		this.ledger.onFirstPending(this.deadlineTimer::wake);
		this.completions.onStart(this.deadlineTimer::wake);
		EventSerializer serializer = (builder.serializer != null) ? builder.serializer : defaultSerializer();
		this.preparation = new EventPreparation(builder.router, serializer, builder.source, maxRecordBytes,
				new PublishObservation(builder.observationRegistry, builder.observationConvention), this.outcomes,
				this.ledger::isClosing);
		this.shutdown = new PublisherShutdown(this.ledger, this.dispatcher, this.deadlineTimer, this.metadataProber,
				this.completions, this.lifecycle, this.workers, this.ownedProducerFactory, ownedCompletionPool,
				this.journal, this.replay, this.spill);
		this.configuration = new PublisherInspection.Configuration(builder.maxQueuedEvents, builder.maxQueuedBytes,
				builder.parkedSharePerTopic, windowBytes, builder.overflowPolicy, builder.overflowTimeout,
				builder.deliveryTimeout, builder.metadataWait, builder.source,
				Collections.unmodifiableMap(new LinkedHashMap<>(producerConfig)));
	}

	void startThreads() {
		this.workers.start("domain-events-dispatcher", this.dispatcher);
		this.workers.start("domain-events-deadlines", this.deadlineTimer);
		this.workers.start("domain-events-metadata", this.metadataProber);
		if (this.replay != null) {
			this.workers.start("domain-events-journal-replay", this.replay);
		}
		if (this.spill != null) {
			this.workers.start("domain-events-journal-spill", this.spill);
		}
	}

	private static @Nullable Journal openJournal(KafkaDomainEventPublisherBuilder builder) {
		if (builder.journalMode == JournalMode.OFF || builder.journalDirectory == null) {
			return null;
		}
		JournalOptions options = JournalOptions.of(builder.journalDirectory, builder.journalMaxBytes);
		if (builder.journalChannels != null) {
			options = options.withChannels(builder.journalChannels);
		}
		return Journal.open(options);
	}

	private static KafkaTemplate<byte[], byte[]> template(ProducerFactory<byte[], byte[]> producerFactory,
			ObservationRegistry observationRegistry) {
		KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(producerFactory);
		// Failures reach callers through their futures; the default listener would log each at ERROR besides.
		template.setProducerListener(new ProducerListener<>() {
		});
		template.setMicrometerEnabled(false);
		if (observationRegistry != ObservationRegistry.NOOP) {
			// Sends within an event's observation scope become its children, and their propagation writes the trace
			// headers (traceparent, b3, ...) into the record.
			template.setObservationEnabled(true);
			template.setObservationRegistry(observationRegistry);
			// Names the template in its observation's spring.kafka.template.name tag, apart from the application's.
			template.setBeanName("domain-events-publisher");
		}
		return template;
	}

	// The configuration of the producer the publisher creates itself: serializers and max.block.ms are always its own.
	static Map<String, Object> ownedProducerConfig(KafkaDomainEventPublisherBuilder builder) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "domain-events-publisher");
		config.putAll(builder.producerProperties);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, builder.metadataWait.toMillis());
		// The producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms; our own deadline timer
		// enforces the shorter bound when the configured one is below that.
		long linger = longConfig(config, ProducerConfig.LINGER_MS_CONFIG, 5);
		long requestTimeout = longConfig(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
		config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
				(int) Math.min(Integer.MAX_VALUE, Math.max(builder.deliveryTimeout.toMillis(), linger + requestTimeout)));
		return config;
	}

	// A factory given to the builder need not tell its configuration; the defaults of the producer apply then.
	private static Map<String, Object> producerConfig(ProducerFactory<byte[], byte[]> producerFactory) {
		try {
			return producerFactory.getConfigurationProperties();
		}
		catch (UnsupportedOperationException ex) {
			return Map.of();
		}
	}

	private static EventSerializer defaultSerializer() {
		if (!ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
				KafkaDomainEventPublisher.class.getClassLoader())) {
			throw new IllegalStateException(
					"No serializer was set and Jackson 3 (tools.jackson.core:jackson-databind) is not on the class path");
		}
		return new JsonEventSerializer();
	}

	/**
	 * A pool that compensates, with extra threads up to a bound, for callbacks that wait in
	 * {@link CompletableFuture#join()}, for example on an event they published themselves.
	 */
	private static ForkJoinPool newCompletionPool() {
		int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
		AtomicInteger threadNumber = new AtomicInteger();
		ForkJoinPool.ForkJoinWorkerThreadFactory factory = (pool) -> {
			ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
			thread.setName("domain-events-completion-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		// minimumRunnable = parallelism: a worker that waits in join() gets a spare, even while another worker is
		// blocked in user code the pool cannot see; saturate = true: at the bound, wait rather than throw.
		return new ForkJoinPool(parallelism, factory, null, true, 0, parallelism + 64, parallelism, (pool) -> true, 30,
				TimeUnit.SECONDS);
	}

	static long longConfig(Map<String, Object> config, String name, long defaultValue) {
		Object value = config.get(name);
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			return Long.parseLong(text.trim());
		}
		return defaultValue;
	}

}
