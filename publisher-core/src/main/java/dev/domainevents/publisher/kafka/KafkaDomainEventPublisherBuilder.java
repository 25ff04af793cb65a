/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ProducerFactory;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.journal.JournalOptions;
import dev.domainevents.publisher.observation.DomainEventPublishObservationConvention;
import dev.domainevents.publisher.routing.EventRouter;
import dev.domainevents.publisher.serialization.EventSerializer;

/**
 * Builds a {@link KafkaDomainEventPublisher}. Either producer properties (at least {@code bootstrap.servers}) or a
 * producer factory must be given.
 *
 * @since 0.1.0
 * @see KafkaDomainEventPublisher#builder()
 */
public final class KafkaDomainEventPublisherBuilder {

	/** The default bound, in events, of the queue. */
	public static final int DEFAULT_MAX_QUEUED_EVENTS = 10_000;

	/** The default bound, in estimated record bytes, of the queue. */
	public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

	/** The default share of the queue's bounds that the parked events of one topic may take. */
	public static final double DEFAULT_PARKED_SHARE_PER_TOPIC = 0.25;

	/** The default of what {@code publish()} does when the queue is full: fail at once with {@code QUEUE_FULL}. */
	public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.REJECT;

	/** The default longest time from acceptance to completion. */
	public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * The default longest wait for room in the queue with {@link OverflowPolicy#BLOCK}.
	 * @since 0.1.0
	 */
	public static final Duration DEFAULT_OVERFLOW_TIMEOUT = Duration.ofSeconds(1);

	/** @deprecated since 0.1.0, renamed {@link #DEFAULT_OVERFLOW_TIMEOUT}, as it is not Kafka's max.block.ms */
	@Deprecated(since = "0.1.0")
	public static final Duration DEFAULT_MAX_BLOCK = DEFAULT_OVERFLOW_TIMEOUT;

	/** The default {@code max.block.ms} of the internal producer: how long one send may wait for metadata. */
	public static final Duration DEFAULT_METADATA_WAIT = Duration.ofMillis(50);

	/** The default CloudEvents source. */
	public static final String DEFAULT_SOURCE = "/domain-events";

	/** The default journal mode: off. */
	public static final JournalMode DEFAULT_JOURNAL_MODE = JournalMode.OFF;

	/** The default bound of the journal on disk: 1 GiB. */
	public static final long DEFAULT_JOURNAL_MAX_BYTES = JournalOptions.DEFAULT_MAX_BYTES;

	/** The default first wait of the replay after a retriable failure. */
	public static final Duration DEFAULT_REPLAY_INITIAL_BACKOFF = Duration.ofMillis(100);

	/** The default longest wait of the replay between attempts. */
	public static final Duration DEFAULT_REPLAY_MAX_BACKOFF = Duration.ofSeconds(30);

	final Map<String, Object> producerProperties = new HashMap<>();

	@Nullable ProducerFactory<byte[], byte[]> producerFactory;

	EventRouter router = EventRouter.none();

	@Nullable EventSerializer serializer;

	String source = DEFAULT_SOURCE;

	int maxQueuedEvents = DEFAULT_MAX_QUEUED_EVENTS;

	long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

	OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;

	Duration overflowTimeout = DEFAULT_OVERFLOW_TIMEOUT;

	Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;

	Duration metadataWait = DEFAULT_METADATA_WAIT;

	@Nullable Long maxInFlightBytes;

	double parkedSharePerTopic = DEFAULT_PARKED_SHARE_PER_TOPIC;

	// For tests with a stub producer: a given factory the publisher may reset as if it had created it.
	boolean producerFactoryOwned;

	@Nullable Executor completionExecutor;

	JournalMode journalMode = DEFAULT_JOURNAL_MODE;

	@Nullable Path journalDirectory;

	long journalMaxBytes = DEFAULT_JOURNAL_MAX_BYTES;

	Duration replayInitialBackoff = DEFAULT_REPLAY_INITIAL_BACKOFF;

	Duration replayMaxBackoff = DEFAULT_REPLAY_MAX_BACKOFF;

	// For tests: how the journal opens its files (one whose force fails, say).
	JournalOptions.@Nullable ChannelOpener journalChannels;

	final List<PublicationListener> listeners = new ArrayList<>();

	final List<ProducerFactory.Listener<byte[], byte[]>> producerFactoryListeners = new ArrayList<>();

	ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	@Nullable DomainEventPublishObservationConvention observationConvention;

	KafkaDomainEventPublisherBuilder() {
	}

	/**
	 * Sets the registry of the Micrometer observations of publications: each event that passes validation is
	 * observed as {@code domain.events.publish}, a child of the caller's current observation and the parent of
	 * the Kafka send, whose trace headers reach the record. By default {@link ObservationRegistry#NOOP}: nothing
	 * is observed, and no object is allocated for it.
	 * @param observationRegistry the registry
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder observationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
		return this;
	}

	/**
	 * Sets the convention that names the observation of a publication and gives its keys, to rename it or add keys.
	 * By default the registry's configuration may give one, else
	 * {@link dev.domainevents.publisher.observation.DefaultDomainEventPublishObservationConvention} applies.
	 * Used only with an {@linkplain #observationRegistry(ObservationRegistry) observation registry}.
	 * @param observationConvention the convention
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder observationConvention(
			DomainEventPublishObservationConvention observationConvention) {
		this.observationConvention = Objects.requireNonNull(observationConvention, "observationConvention");
		return this;
	}

	/**
	 * Adds a listener that hears the outcome of every publication.
	 * @param listener the listener
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder listener(PublicationListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return this;
	}

	/**
	 * Adds a listener to the internal producer factory, for example spring-kafka's
	 * {@code MicrometerProducerListener}, which binds the producer's own metrics. Ignored with
	 * {@link #producerFactory(ProducerFactory)}.
	 * @param listener the listener
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder producerFactoryListener(ProducerFactory.Listener<byte[], byte[]> listener) {
		this.producerFactoryListeners.add(Objects.requireNonNull(listener, "listener"));
		return this;
	}

	/**
	 * Sets the bootstrap servers of the internal producer.
	 * @param bootstrapServers for example {@code localhost:9092}
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder bootstrapServers(String bootstrapServers) {
		return producerProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
	}

	/**
	 * Sets a property of the internal producer. Serializers are always bytes, and {@code max.block.ms} is
	 * always the {@linkplain #metadataWait(Duration) metadata wait}.
	 * @param name the property name
	 * @param value the value
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder producerProperty(String name, Object value) {
		this.producerProperties.put(name, value);
		return this;
	}

	/**
	 * Sets properties of the internal producer.
	 * @param properties the properties
	 * @return this builder
	 * @see #producerProperty(String, Object)
	 */
	public KafkaDomainEventPublisherBuilder producerProperties(Map<String, ?> properties) {
		this.producerProperties.putAll(properties);
		return this;
	}

	/**
	 * Uses a producer factory instead of creating one. The factory must produce {@code byte[]} keys and values;
	 * its {@code max.block.ms} should be small, since one send may wait that long. The publisher does not close
	 * a factory it did not create.
	 * @param producerFactory the factory
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder producerFactory(ProducerFactory<byte[], byte[]> producerFactory) {
		this.producerFactory = producerFactory;
		return this;
	}

	/**
	 * Sets how events published without a topic are routed. By default there is no route.
	 * @param router the router
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder router(EventRouter router) {
		this.router = Objects.requireNonNull(router, "router");
		return this;
	}

	/**
	 * Sets how events become record values. JSON by default.
	 * @param serializer the serializer
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder serializer(EventSerializer serializer) {
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		return this;
	}

	/**
	 * Sets the CloudEvents source ({@code ce_source}) of every event.
	 * @param source a URI reference naming the publishing application
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder source(String source) {
		this.source = Objects.requireNonNull(source, "source");
		return this;
	}

	/**
	 * Sets how many events the queue holds at most.
	 * @param maxQueuedEvents the bound
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder maxQueuedEvents(int maxQueuedEvents) {
		this.maxQueuedEvents = maxQueuedEvents;
		return this;
	}

	/**
	 * Sets how many estimated record bytes the queue holds at most.
	 * @param maxQueuedBytes the bound
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder maxQueuedBytes(long maxQueuedBytes) {
		this.maxQueuedBytes = maxQueuedBytes;
		return this;
	}

	/**
	 * Sets what {@code publish()} does when the queue is full.
	 * @param overflowPolicy the policy
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder overflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
		return this;
	}

	/**
	 * Sets how long a caller waits for room in the queue with {@link OverflowPolicy#BLOCK}; then the event fails
	 * with {@link FailureReason#QUEUE_FULL}.
	 * @param overflowTimeout the longest wait
	 * @return this builder
	 * @since 0.1.0
	 */
	public KafkaDomainEventPublisherBuilder overflowTimeout(Duration overflowTimeout) {
		this.overflowTimeout = Objects.requireNonNull(overflowTimeout, "overflowTimeout");
		return this;
	}

	/**
	 * Sets how long a caller waits for room in the queue with {@link OverflowPolicy#BLOCK}.
	 * @param maxBlock the longest wait
	 * @return this builder
	 * @deprecated since 0.1.0, renamed {@link #overflowTimeout(Duration)}, as it is not Kafka's max.block.ms
	 */
	@Deprecated(since = "0.1.0")
	public KafkaDomainEventPublisherBuilder maxBlock(Duration maxBlock) {
		return overflowTimeout(maxBlock);
	}

	/**
	 * Sets the longest time from an event's acceptance to the completion of its future: waiting in the queue, sends
	 * and the producer's retries. Unless the producer properties set it, the producer's {@code delivery.timeout.ms}
	 * is this bound, raised to {@code linger.ms + request.timeout.ms} if below it, as the producer requires; this
	 * deadline still applies then, from acceptance.
	 * @param deliveryTimeout the bound
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder deliveryTimeout(Duration deliveryTimeout) {
		this.deliveryTimeout = Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
		return this;
	}

	/**
	 * Sets the internal producer's {@code max.block.ms}: how long one send may wait for its topic's metadata
	 * before the event is parked (or, rarely, for room in {@code buffer.memory} before the event is put back).
	 * Small, since the dispatcher serves every topic.
	 * @param metadataWait the wait
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder metadataWait(Duration metadataWait) {
		this.metadataWait = Objects.requireNonNull(metadataWait, "metadataWait");
		return this;
	}

	/**
	 * Sets how many estimated record bytes may be with the producer, unanswered, at once. At most the producer's
	 * {@code buffer.memory}; half of it by default.
	 * @param maxInFlightBytes the bound
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder maxInFlightBytes(long maxInFlightBytes) {
		this.maxInFlightBytes = maxInFlightBytes;
		return this;
	}

	/**
	 * Sets the share of the queue's bounds (events and bytes) that the parked events of one topic may take while
	 * the topic has no metadata, if the publisher never wrote to it: beyond it, that topic's events fail at once
	 * with {@link FailureReason#TOPIC_UNAVAILABLE}, so that a mistyped topic cannot take the other topics' room.
	 * A quarter by default.
	 * @param parkedSharePerTopic a fraction, more than 0 and at most 1
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder parkedSharePerTopic(double parkedSharePerTopic) {
		this.parkedSharePerTopic = parkedSharePerTopic;
		return this;
	}

	/**
	 * Sets the executor that completes callers' futures, and so runs their non-async callbacks. It must not
	 * drop tasks.
	 * @param completionExecutor the executor
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder completionExecutor(Executor completionExecutor) {
		this.completionExecutor = Objects.requireNonNull(completionExecutor, "completionExecutor");
		return this;
	}

	/**
	 * Keeps events in a durable journal on local disk, as the mode says, and publishes them from there once Kafka
	 * answers. Off by default.
	 * @param mode when events are journaled
	 * @param directory the journal's directory, created if missing; one application instance per directory (required
	 * unless the mode is {@link JournalMode#OFF})
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder journal(JournalMode mode, @Nullable Path directory) {
		this.journalMode = Objects.requireNonNull(mode, "mode");
		this.journalDirectory = directory;
		return this;
	}

	/**
	 * Sets the journal's bound on disk. Beyond it, an event the journal would keep fails with
	 * {@link FailureReason#JOURNAL_FULL}. 1 GiB by default.
	 * @param maxBytes the bound in bytes, at least 1 MiB
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder journalMaxBytes(long maxBytes) {
		this.journalMaxBytes = maxBytes;
		return this;
	}

	/**
	 * Sets how long the replay of journaled events waits after a retriable failure before it tries again with one
	 * event: the first wait, doubled after each failure up to the longest, each with random jitter. 100 ms and 30 s
	 * by default.
	 * @param initial the first wait
	 * @param max the longest wait
	 * @return this builder
	 */
	public KafkaDomainEventPublisherBuilder replayBackoff(Duration initial, Duration max) {
		this.replayInitialBackoff = Objects.requireNonNull(initial, "initial");
		this.replayMaxBackoff = Objects.requireNonNull(max, "max");
		return this;
	}

	/**
	 * Builds the publisher and starts its threads.
	 * @return the publisher
	 * @throws IllegalArgumentException if a setting is out of range
	 */
	public KafkaDomainEventPublisher build() {
		require(this.maxQueuedEvents > 0, "maxQueuedEvents must be positive");
		require(this.maxQueuedBytes > 0, "maxQueuedBytes must be positive");
		require(!this.overflowTimeout.isNegative(), "overflowTimeout must not be negative");
		require(this.deliveryTimeout.toMillis() > 0, "deliveryTimeout must be positive");
		require(!this.metadataWait.isNegative(), "metadataWait must not be negative");
		require(this.maxInFlightBytes == null || this.maxInFlightBytes > 0, "maxInFlightBytes must be positive");
		require(this.parkedSharePerTopic > 0 && this.parkedSharePerTopic <= 1,
				"parkedSharePerTopic must be more than 0 and at most 1");
		require(this.producerFactory != null
				|| this.producerProperties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
				"bootstrap.servers or a producer factory is required");
		require(this.journalMode == JournalMode.OFF || this.journalDirectory != null,
				"a journal directory is required when the journal mode is " + this.journalMode);
		require(this.journalMaxBytes >= 1024 * 1024, "journalMaxBytes must be at least 1 MiB");
		require(this.replayInitialBackoff.toMillis() > 0, "replayInitialBackoff must be positive");
		require(this.replayMaxBackoff.compareTo(this.replayInitialBackoff) >= 0,
				"replayMaxBackoff must not be shorter than replayInitialBackoff");
		return new KafkaDomainEventPublisher(new PublisherAssembly(this));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
