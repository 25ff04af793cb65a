/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.ClassUtils;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.PublisherStats;
import dev.domainevents.publisher.routing.EventRouter;
import dev.domainevents.publisher.serialization.EventSerializer;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

/**
 * A {@link DomainEventPublisher} that funnels events through a bounded queue into {@link KafkaTemplate} sends made by
 * one dispatcher thread, and completes each caller's future from the send callback.
 * <p>
 * <b>On the caller's thread</b>, {@code publish()} only validates, routes and serializes the event, then offers it to
 * the queue. It never calls the producer. A problem with the event (invalid, not serializable, too large) fails that
 * event alone, at once. <b>When the queue is full</b>, in events or in bytes, the {@link OverflowPolicy} applies:
 * {@code REJECT} returns a future already failed with {@link FailureReason#QUEUE_FULL}; {@code BLOCK} waits up to
 * {@code maxBlock} for space first.
 * <p>
 * <b>Deadlines.</b> An accepted event's future completes at the latest {@code deliveryTimeout} after it was accepted
 * (plus the few milliseconds of the timer's wake-up and the hand-off to the completion executor): the deadline timer
 * fails it then, as not written while it was still queued, and as possibly written once the producer had it. A
 * caller with the {@code BLOCK} policy may wait up to {@code maxBlock} before its event is accepted. {@link #close}
 * completes every future within its timeout.
 * <p>
 * <b>Order.</b> Events with the same key reach Kafka in the order they were accepted: one thread sends, the producer
 * is idempotent, and events parked for a topic without metadata keep their topic's order.
 * <p>
 * <b>Completion.</b> Futures complete on the completion executor, never on Kafka's network thread, in batches: the
 * network thread only queues an outcome, and one task completes all that wait. A callback blocked for long, even in
 * {@code join()} on another publication, gets another task started for the completions behind it. The default
 * executor is a small pool of daemon threads, and it outlives the drain at shutdown.
 * <p>
 * <b>Observation.</b> With an {@linkplain Builder#observationRegistry(ObservationRegistry) observation registry},
 * each event that passes validation gets a Micrometer observation, {@code domain.events.publish}, whose parent is the
 * caller's current observation. It is started just before the event is offered to the queue (so it covers any wait
 * for space), the dispatcher sends the event within its scope (so that the template's own observation of the send,
 * {@code "<topic> send"}, is its child and writes the trace headers into the record), and it is stopped on the
 * completion executor just before the future completes, with the {@link PublicationFailedException} as its error if
 * the event failed. An event the queue refuses ({@code QUEUE_FULL}, {@code SHUTTING_DOWN}, {@code INTERRUPTED}) has
 * its observation stopped at once with that error; a call refused before that (an invalid, unserializable or too
 * large event) has none. Without a registry nothing is observed, and no object is allocated for it.
 *
 * @since 0.1.0
 */
public final class KafkaDomainEventPublisher implements DomainEventPublisher, AutoCloseable {

	/** The default bound, in events, of the queue. */
	public static final int DEFAULT_MAX_QUEUED_EVENTS = 10_000;

	/** The default bound, in estimated record bytes, of the queue. */
	public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

	/** The default longest time from acceptance to completion. */
	public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

	/** The default longest wait for space in the queue with {@link OverflowPolicy#BLOCK}. */
	public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(1);

	/** The default {@code max.block.ms} of the internal producer: how long one send may wait for metadata. */
	public static final Duration DEFAULT_METADATA_WAIT = Duration.ofMillis(50);

	/** The default CloudEvents source. */
	public static final String DEFAULT_SOURCE = "/domain-events";

	static final int MAX_BATCH = 512;

	/** How long {@link #close(Duration)} may take beyond its timeout: completing futures, releasing the producer. */
	static final long CLOSE_GRACE_MILLIS = PublisherShutdown.GRACE_MILLIS;

	/** The default share of the queue's bounds that the parked events of one topic may take. */
	public static final double DEFAULT_PARKED_SHARE_PER_TOPIC = 0.25;

	private final EventPreparation preparation;

	private final long maxBlockNanos;

	private final PendingBounds bounds;

	private final EventLedger ledger;

	private final InFlightWindow window;

	private final KafkaTemplate<byte[], byte[]> template;

	private final @Nullable DefaultKafkaProducerFactory<byte[], byte[]> ownedProducerFactory;

	private final Dispatcher dispatcher;

	private final DeadlineTimer deadlineTimer;

	private final MetadataProber metadataProber;

	private final Workers workers = new Workers();

	private final OutcomeReporter outcomes;

	private final Completer completer = new Completer();

	private final Completions completions;

	private final PublisherShutdown shutdown;

	private KafkaDomainEventPublisher(Builder builder) {
		this.outcomes = new OutcomeReporter(builder.listeners, this.workers);
		this.maxBlockNanos = (builder.overflowPolicy == OverflowPolicy.BLOCK) ? builder.maxBlock.toNanos() : 0;
		ProducerFactory<byte[], byte[]> producerFactory;
		if (builder.producerFactory != null) {
			producerFactory = builder.producerFactory;
			this.ownedProducerFactory = null;
		}
		else {
			this.ownedProducerFactory = new DefaultKafkaProducerFactory<>(builder.producerConfig());
			// A producer is replaced only after a fatal error, when nothing it holds can succeed: close it at once.
			this.ownedProducerFactory.setPhysicalCloseTimeout(0);
			builder.producerFactoryListeners.forEach(this.ownedProducerFactory::addListener);
			producerFactory = this.ownedProducerFactory;
		}
		Map<String, Object> producerConfig = producerFactory.getConfigurationProperties();
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
		this.template = new KafkaTemplate<>(producerFactory);
		// Failures reach callers through their futures; the default listener would log each at ERROR besides.
		this.template.setProducerListener(new ProducerListener<>() {
		});
		this.template.setMicrometerEnabled(false);
		ObservationRegistry observationRegistry = builder.observationRegistry;
		if (observationRegistry != ObservationRegistry.NOOP) {
			// Sends within an event's observation scope become its children, and their propagation writes the trace
			// headers (traceparent, b3, ...) into the record.
			this.template.setObservationEnabled(true);
			this.template.setObservationRegistry(observationRegistry);
			// Names the template in its observation's spring.kafka.template.name tag, apart from the application's.
			this.template.setBeanName("domain-events-publisher");
		}
		ForkJoinPool ownedCompletionPool = (builder.completionExecutor != null) ? null : newCompletionPool();
		Executor completionExecutor = (ownedCompletionPool != null) ? ownedCompletionPool : builder.completionExecutor;
		this.completions = new Completions(completionExecutor, ownedCompletionPool != null, this.ledger::completed,
				this.bounds, this.workers);
		this.dispatcher = new Dispatcher(this.ledger, this.window, this.template, this.completer, MAX_BATCH,
				this.ownedProducerFactory != null || builder.producerFactoryOwned, this.workers);
		this.deadlineTimer = new DeadlineTimer(this.ledger, this.completer, this.dispatcher.topicsWritten(),
				this.completions, this.workers);
		this.metadataProber = new MetadataProber(this.ledger, this.dispatcher, this.template, this.workers);
		this.dispatcher.onTopicParked(this.metadataProber::wake);
		this.ledger.onFirstPending(this.deadlineTimer::wake);
		this.completions.onStart(this.deadlineTimer::wake);
		this.preparation = new EventPreparation(builder.router,
				(builder.serializer != null) ? builder.serializer : defaultSerializer(), builder.source, maxRecordBytes,
				observationRegistry, this.outcomes, this.ledger::isClosing);
		this.shutdown = new PublisherShutdown(this.ledger, this.dispatcher, this.deadlineTimer, this.metadataProber,
				this.completions, this.completer, this.workers, this.ownedProducerFactory, ownedCompletionPool);
		this.workers.start("domain-events-dispatcher", this.dispatcher);
		this.workers.start("domain-events-deadlines", this.deadlineTimer);
		this.workers.start("domain-events-metadata", this.metadataProber);
	}

	/**
	 * Starts building a publisher.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
		return publish(EventMessage.of(event));
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(@Nullable EventMessage message) {
		PendingEvent pending;
		try {
			pending = this.preparation.prepare(message);
		}
		catch (PublicationFailedException rejected) {
			return CompletableFuture.failedFuture(rejected);
		}
		PendingBounds.Admission admission = this.ledger.offer(pending, this.maxBlockNanos);
		return switch (admission) {
			case ACCEPTED -> {
				this.dispatcher.wake();
				yield pending.future;
			}
			case FULL -> refuse(pending, FailureReason.QUEUE_FULL);
			case CLOSING -> refuse(pending, FailureReason.SHUTTING_DOWN);
			case INTERRUPTED -> refuse(pending, FailureReason.INTERRUPTED);
		};
	}

	// The queue refused an event that had passed validation: its observation, if any, ends now with the failure.
	private CompletableFuture<PublishReceipt> refuse(PendingEvent pending, FailureReason reason) {
		PublicationFailedException failure = this.outcomes.rejection(pending.resolvedMessage(), reason, null, null);
		if (pending.observation != null) {
			PublishObservation.stop(pending.observation, failure);
		}
		return CompletableFuture.failedFuture(failure);
	}

	/**
	 * Returns how many accepted events failed for a reason, by whether they may have been written.
	 * @param reason the reason
	 * @param possiblyWritten whether to count the possibly written ones, or the not written ones
	 * @return the count since the publisher started
	 */
	public long failedCount(FailureReason reason, boolean possiblyWritten) {
		return this.outcomes.failedCount(reason, possiblyWritten);
	}

	/**
	 * Returns how many calls were refused for a reason before their event was accepted.
	 * @param reason the reason
	 * @return the count since the publisher started
	 */
	public long rejectedCount(FailureReason reason) {
		return this.outcomes.rejectedCount(reason);
	}

	/**
	 * Returns how long the oldest event whose future has not completed has waited since it was accepted.
	 * @return the age, zero when nothing is pending
	 */
	public Duration oldestPendingAge() {
		return Duration.ofNanos(this.ledger.oldestPendingAgeNanos());
	}

	/**
	 * Returns the latest failures of accepted events, oldest first, without payloads.
	 * @return at most the last fifty failures
	 */
	public List<RecentFailure> recentFailures() {
		return this.outcomes.recentFailures();
	}

	/**
	 * Returns when Kafka last acknowledged an event.
	 * @return the time, or {@code null} if none was acknowledged yet
	 */
	public @Nullable Instant lastSuccess() {
		return this.outcomes.lastSuccess();
	}

	/**
	 * Returns when an accepted event last failed.
	 * @return the time, or {@code null} if none failed yet
	 */
	public @Nullable Instant lastFailure() {
		return this.outcomes.lastFailure();
	}

	/**
	 * Returns why an accepted event last failed.
	 * @return the reason, or {@code null} if none failed yet
	 */
	public @Nullable FailureReason lastFailureReason() {
		return this.outcomes.lastFailureReason();
	}

	/**
	 * Returns the queue's bound in events.
	 * @return the bound
	 */
	public int maxQueuedEvents() {
		return this.ledger.maxQueuedEvents();
	}

	/**
	 * Returns the queue's bound in estimated record bytes.
	 * @return the bound
	 */
	public long maxQueuedBytes() {
		return this.ledger.maxQueuedBytes();
	}

	/**
	 * Returns the in-flight window's bound in estimated record bytes.
	 * @return the bound
	 */
	public long maxInFlightBytes() {
		return this.window.capacityBytes();
	}

	/**
	 * Returns what went wrong with the publisher's own threads: a thread that died (it was restarted), or
	 * {@code null} when none did. The health indicator is DOWN while there is one.
	 * @return the problem, or {@code null}
	 */
	public @Nullable String threadProblem() {
		return this.workers.problem();
	}

	// For tests: the per-topic state kept, and how often metadata was asked for.
	int parkedTopicCount() {
		return this.ledger.parkedTopicCount();
	}

	long metadataProbes() {
		return this.metadataProber.probes();
	}

	boolean threadsStopped() {
		return this.shutdown.threadsStopped();
	}

	Workers workers() {
		return this.workers;
	}

	/**
	 * Returns the Kafka producer's own metrics.
	 * @return the metrics, empty before the producer was created
	 */
	public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> producerMetrics() {
		return this.template.metrics();
	}

	/**
	 * Returns a consistent snapshot of the ledger: {@code accepted == succeeded + failed + pending}.
	 * @return the statistics
	 */
	public PublisherStats stats() {
		return this.ledger.stats(this.outcomes.rejected(), this.window.events(), this.window.bytes());
	}

	/**
	 * Closes with a timeout of 30 seconds.
	 * @see #close(Duration)
	 */
	@Override
	public void close() {
		close(Duration.ofSeconds(30));
	}

	/**
	 * Stops taking events, sends what is queued, waits for the broker's answers, and fails whatever is still pending
	 * when the timeout runs out ({@link FailureReason#SHUTTING_DOWN}, possibly written when the producer had it). No
	 * future is left pending: when the completion threads are blocked in callbacks, threads of the publisher's own
	 * complete the rest. New calls fail at once with {@link FailureReason#SHUTTING_DOWN}, and callers waiting for
	 * space are woken with the same. It then releases the producer (if the publisher created it), its threads and
	 * its completion pool.
	 * <p>
	 * It returns within the timeout plus {@value #CLOSE_GRACE_MILLIS} ms, also when the closing thread is
	 * interrupted: an interrupt ends the wait for the broker's answers at once, and the interrupt status is kept.
	 * Calling it again, or from another thread, waits for the first drain within its own timeout, then releases
	 * whatever is not released yet.
	 * @param timeout how long to drain at most
	 */
	public void close(Duration timeout) {
		this.shutdown.close(System.nanoTime() + timeout.toNanos());
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

	private static long longConfig(Map<String, Object> config, String name, long defaultValue) {
		Object value = config.get(name);
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			return Long.parseLong(text.trim());
		}
		return defaultValue;
	}

	private final class Completer implements Dispatcher.Completer {

		@Override
		public void succeed(PendingEvent event, PublishReceipt receipt) {
			if (event.markDone() == PendingEvent.DONE) {
				return;
			}
			event.succeedWith(receipt);
			KafkaDomainEventPublisher.this.completions.add(event);
		}

		@Override
		public void fail(PendingEvent event, Failure failure) {
			int stage = event.markDone();
			if (stage == PendingEvent.DONE) {
				return;
			}
			event.stageWhenDone = stage;
			event.failWith(exception(event, failure));
			KafkaDomainEventPublisher.this.outcomes.failed(failure);
			KafkaDomainEventPublisher.this.completions.add(event);
		}

		@Override
		public void failClaimed(PendingEvent event, Failure failure) {
			event.failWith(exception(event, failure));
			KafkaDomainEventPublisher.this.outcomes.failed(failure);
			KafkaDomainEventPublisher.this.completions.addCounted(event);
		}

		private PublicationFailedException exception(PendingEvent event, Failure failure) {
			return new PublicationFailedException(failure.reason(), failure.detail(), failure.cause(),
					event.resolvedMessage(), null, failure.retriable(), failure.possiblyWritten());
		}

	}

	/**
	 * Builds a {@link KafkaDomainEventPublisher}. Either producer properties (at least {@code bootstrap.servers}) or a
	 * producer factory must be given.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final Map<String, Object> producerProperties = new HashMap<>();

		private @Nullable ProducerFactory<byte[], byte[]> producerFactory;

		private EventRouter router = EventRouter.none();

		private @Nullable EventSerializer serializer;

		private String source = DEFAULT_SOURCE;

		private int maxQueuedEvents = DEFAULT_MAX_QUEUED_EVENTS;

		private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

		private OverflowPolicy overflowPolicy = OverflowPolicy.REJECT;

		private Duration maxBlock = DEFAULT_MAX_BLOCK;

		private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;

		private Duration metadataWait = DEFAULT_METADATA_WAIT;

		private @Nullable Long maxInFlightBytes;

		private double parkedSharePerTopic = DEFAULT_PARKED_SHARE_PER_TOPIC;

		// For tests with a stub producer: a given factory the publisher may reset as if it had created it.
		boolean producerFactoryOwned;

		private @Nullable Executor completionExecutor;

		private final List<PublicationListener> listeners = new ArrayList<>();

		private final List<ProducerFactory.Listener<byte[], byte[]>> producerFactoryListeners = new ArrayList<>();

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private Builder() {
		}

		/**
		 * Sets the registry of the Micrometer observations of publications: each event that passes validation is
		 * observed as {@code domain.events.publish}, a child of the caller's current observation and the parent of
		 * the Kafka send, whose trace headers reach the record. By default {@link ObservationRegistry#NOOP}: nothing
		 * is observed, and no object is allocated for it.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * Adds a listener that hears the outcome of every publication.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(PublicationListener listener) {
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
		public Builder producerFactoryListener(ProducerFactory.Listener<byte[], byte[]> listener) {
			this.producerFactoryListeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Sets the bootstrap servers of the internal producer.
		 * @param bootstrapServers for example {@code localhost:9092}
		 * @return this builder
		 */
		public Builder bootstrapServers(String bootstrapServers) {
			return producerProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		}

		/**
		 * Sets a property of the internal producer. Serializers are always bytes, and {@code max.block.ms} is
		 * always the {@linkplain #metadataWait(Duration) metadata wait}.
		 * @param name the property name
		 * @param value the value
		 * @return this builder
		 */
		public Builder producerProperty(String name, Object value) {
			this.producerProperties.put(name, value);
			return this;
		}

		/**
		 * Sets properties of the internal producer.
		 * @param properties the properties
		 * @return this builder
		 * @see #producerProperty(String, Object)
		 */
		public Builder producerProperties(Map<String, ?> properties) {
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
		public Builder producerFactory(ProducerFactory<byte[], byte[]> producerFactory) {
			this.producerFactory = producerFactory;
			return this;
		}

		/**
		 * Sets how events published without a topic are routed. By default there is no route.
		 * @param router the router
		 * @return this builder
		 */
		public Builder router(EventRouter router) {
			this.router = Objects.requireNonNull(router, "router");
			return this;
		}

		/**
		 * Sets how events become record values. JSON by default.
		 * @param serializer the serializer
		 * @return this builder
		 */
		public Builder serializer(EventSerializer serializer) {
			this.serializer = Objects.requireNonNull(serializer, "serializer");
			return this;
		}

		/**
		 * Sets the CloudEvents source ({@code ce_source}) of every event.
		 * @param source a URI reference naming the publishing application
		 * @return this builder
		 */
		public Builder source(String source) {
			this.source = Objects.requireNonNull(source, "source");
			return this;
		}

		/**
		 * Sets how many events the queue holds at most.
		 * @param maxQueuedEvents the bound
		 * @return this builder
		 */
		public Builder maxQueuedEvents(int maxQueuedEvents) {
			this.maxQueuedEvents = maxQueuedEvents;
			return this;
		}

		/**
		 * Sets how many estimated record bytes the queue holds at most.
		 * @param maxQueuedBytes the bound
		 * @return this builder
		 */
		public Builder maxQueuedBytes(long maxQueuedBytes) {
			this.maxQueuedBytes = maxQueuedBytes;
			return this;
		}

		/**
		 * Sets what {@code publish()} does when the queue is full.
		 * @param overflowPolicy the policy
		 * @return this builder
		 */
		public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
			this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
			return this;
		}

		/**
		 * Sets how long a caller waits for space with {@link OverflowPolicy#BLOCK}.
		 * @param maxBlock the longest wait
		 * @return this builder
		 */
		public Builder maxBlock(Duration maxBlock) {
			this.maxBlock = Objects.requireNonNull(maxBlock, "maxBlock");
			return this;
		}

		/**
		 * Sets the longest time from an event's acceptance to the completion of its future.
		 * @param deliveryTimeout the bound
		 * @return this builder
		 */
		public Builder deliveryTimeout(Duration deliveryTimeout) {
			this.deliveryTimeout = Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
			return this;
		}

		/**
		 * Sets the internal producer's {@code max.block.ms}: how long one send may wait for its topic's metadata
		 * before the event is parked. Small, since the dispatcher serves every topic.
		 * @param metadataWait the wait
		 * @return this builder
		 */
		public Builder metadataWait(Duration metadataWait) {
			this.metadataWait = Objects.requireNonNull(metadataWait, "metadataWait");
			return this;
		}

		/**
		 * Sets how many estimated record bytes may be with the producer, unanswered, at once. At most the producer's
		 * {@code buffer.memory}; half of it by default.
		 * @param maxInFlightBytes the bound
		 * @return this builder
		 */
		public Builder maxInFlightBytes(long maxInFlightBytes) {
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
		public Builder parkedSharePerTopic(double parkedSharePerTopic) {
			this.parkedSharePerTopic = parkedSharePerTopic;
			return this;
		}

		/**
		 * Sets the executor that completes callers' futures, and so runs their non-async callbacks. It must not
		 * drop tasks.
		 * @param completionExecutor the executor
		 * @return this builder
		 */
		public Builder completionExecutor(Executor completionExecutor) {
			this.completionExecutor = Objects.requireNonNull(completionExecutor, "completionExecutor");
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
			require(!this.maxBlock.isNegative(), "maxBlock must not be negative");
			require(this.deliveryTimeout.toMillis() > 0, "deliveryTimeout must be positive");
			require(!this.metadataWait.isNegative(), "metadataWait must not be negative");
			require(this.maxInFlightBytes == null || this.maxInFlightBytes > 0, "maxInFlightBytes must be positive");
			require(this.parkedSharePerTopic > 0 && this.parkedSharePerTopic <= 1,
					"parkedSharePerTopic must be more than 0 and at most 1");
			require(this.producerFactory != null
					|| this.producerProperties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
					"bootstrap.servers or a producer factory is required");
			return new KafkaDomainEventPublisher(this);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException(message);
			}
		}

		Map<String, Object> producerConfig() {
			Map<String, Object> config = new HashMap<>();
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			config.put(ProducerConfig.CLIENT_ID_CONFIG, "domain-events-publisher");
			config.putAll(this.producerProperties);
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, this.metadataWait.toMillis());
			// The producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms; our own deadline timer
			// enforces the shorter bound when the configured one is below that.
			long linger = longConfig(config, ProducerConfig.LINGER_MS_CONFIG, 5);
			long requestTimeout = longConfig(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
			config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
					(int) Math.min(Integer.MAX_VALUE, Math.max(this.deliveryTimeout.toMillis(), linger + requestTimeout)));
			return config;
		}

	}

}
