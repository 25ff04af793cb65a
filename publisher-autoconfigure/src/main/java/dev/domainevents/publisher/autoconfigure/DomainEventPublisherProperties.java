/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

/**
 * Configuration of the domain event publisher. The publisher's own settings take their defaults from
 * {@link KafkaDomainEventPublisherBuilder} and are validated by its {@code build()}, which fails startup with Boot's
 * {@code InvalidConfigurationPropertyValueException} naming the property; the settings only the starter uses (the
 * shutdown timeout and the health indicator's) are validated here, when they are bound. Either way a value out of range
 * is refused once, with a message that names the property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("domain-events.publisher")
public class DomainEventPublisherProperties {

	/**
	 * Whether to auto-configure the domain event publisher.
	 */
	private boolean enabled = true;

	/**
	 * CloudEvents source (ce_source) of every event. Defaults to "/" followed by spring.application.name, or to
	 * "/domain-events" without an application name.
	 */
	private @Nullable String source;

	/**
	 * Topic of events that neither domain-events.publisher.topics nor a @DomainEvent annotation routes.
	 */
	private @Nullable String defaultTopic;

	/**
	 * Topics by event class, named by fully qualified name (in brackets in YAML) or simple name. Takes precedence
	 * over @DomainEvent annotations.
	 */
	private Map<String, String> topics = new LinkedHashMap<>();

	/**
	 * What publish() does when the queue is full: 'reject' fails the event at once, 'block' waits up to
	 * overflow-timeout.
	 */
	private OverflowPolicy overflowPolicy = KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_POLICY;

	/**
	 * Longest time a publish() call waits for room in the queue with the 'block' overflow policy; then the event
	 * fails with QUEUE_FULL.
	 */
	private @Nullable Duration overflowTimeout;

	/**
	 * Longest time a publish() call waits for room in the queue with the 'block' overflow policy.
	 */
	private @Nullable Duration maxBlock;

	/**
	 * Longest time from an event's acceptance to the completion of its future, covering its wait in the queue, its
	 * sends and the producer's retries. An event still queued then fails as not written; one the producer already had
	 * fails as possibly written. Unless the producer properties set it, the producer's delivery.timeout.ms, which
	 * bounds one send, is this bound, raised to linger.ms + request.timeout.ms if below it, as the producer requires.
	 */
	private Duration deliveryTimeout = KafkaDomainEventPublisherBuilder.DEFAULT_DELIVERY_TIMEOUT;

	/**
	 * Longest time one send waits for its topic's metadata (the producer's max.block.ms) before the event is parked
	 * and other topics go on; it also bounds the rarer wait for room in buffer.memory, after which the event is put
	 * back in order. Keep it small: one thread sends for every topic.
	 */
	private Duration metadataWait = KafkaDomainEventPublisherBuilder.DEFAULT_METADATA_WAIT;

	/**
	 * Longest time the shutdown drains the queue before it fails what is left. Defaults to
	 * spring.lifecycle.timeout-per-shutdown-phase minus 5 seconds, so that the drain fits in its phase.
	 */
	private @Nullable Duration shutdownTimeout;

	/**
	 * Additional producer properties, overriding those taken from spring.kafka.*. Serializers are always bytes and
	 * max.block.ms is always metadata-wait.
	 */
	private Map<String, String> producer = new LinkedHashMap<>();

	private final Queue queue = new Queue();

	private final InFlight inFlight = new InFlight();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	private final Observations observations = new Observations();

	private final Journal journal = new Journal();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getSource() {
		return this.source;
	}

	public void setSource(@Nullable String source) {
		this.source = source;
	}

	public @Nullable String getDefaultTopic() {
		return this.defaultTopic;
	}

	public void setDefaultTopic(@Nullable String defaultTopic) {
		this.defaultTopic = defaultTopic;
	}

	public Map<String, String> getTopics() {
		return this.topics;
	}

	public void setTopics(Map<String, String> topics) {
		this.topics = topics;
	}

	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = overflowPolicy;
	}

	// The former name applies only while the new one is not set.
	public Duration getOverflowTimeout() {
		if (this.overflowTimeout != null) {
			return this.overflowTimeout;
		}
		return (this.maxBlock != null) ? this.maxBlock : KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT;
	}

	public void setOverflowTimeout(@Nullable Duration overflowTimeout) {
		this.overflowTimeout = overflowTimeout;
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "domain-events.publisher.overflow-timeout", since = "0.1.0",
			reason = "Renamed: it is not the producer's max.block.ms, which is metadata-wait.")
	public @Nullable Duration getMaxBlock() {
		return this.maxBlock;
	}

	@Deprecated(since = "0.1.0")
	public void setMaxBlock(@Nullable Duration maxBlock) {
		this.maxBlock = maxBlock;
	}

	public Duration getDeliveryTimeout() {
		return this.deliveryTimeout;
	}

	public void setDeliveryTimeout(Duration deliveryTimeout) {
		this.deliveryTimeout = deliveryTimeout;
	}

	public Duration getMetadataWait() {
		return this.metadataWait;
	}

	public void setMetadataWait(Duration metadataWait) {
		this.metadataWait = metadataWait;
	}

	public @Nullable Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
		if (shutdownTimeout != null) {
			requireNotNegative(shutdownTimeout, "shutdown-timeout");
		}
		this.shutdownTimeout = shutdownTimeout;
	}

	public Map<String, String> getProducer() {
		return this.producer;
	}

	public void setProducer(Map<String, String> producer) {
		this.producer = producer;
	}

	public Queue getQueue() {
		return this.queue;
	}

	public InFlight getInFlight() {
		return this.inFlight;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Journal getJournal() {
		return this.journal;
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(
					"domain-events.publisher." + name + " must be positive, but was " + duration);
		}
	}

	private static void requireNotNegative(Duration duration, String name) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException(
					"domain-events.publisher." + name + " must not be negative, but was " + duration);
		}
	}

	/**
	 * Bounds of the queue: every accepted event counts against them until its future has completed (queued, parked,
	 * in flight, or waiting for a completion thread).
	 */
	public static class Queue {

		/**
		 * Most events accepted and not yet completed; when reached, the overflow policy applies.
		 */
		private int maxEvents = KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_EVENTS;

		/**
		 * Most estimated record bytes of events accepted and not yet completed; when reached, the overflow policy
		 * applies. At least the producer's max.request.size, or larger events fail as too large.
		 */
		private DataSize maxBytes = DataSize.ofBytes(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_BYTES);

		/**
		 * Share of both bounds that the events parked for one topic without metadata may take, if the publisher never
		 * wrote to that topic; beyond it that topic's events fail at once with TOPIC_UNAVAILABLE, so that a mistyped
		 * topic cannot take the other topics' room.
		 */
		private double parkedSharePerTopic = KafkaDomainEventPublisherBuilder.DEFAULT_PARKED_SHARE_PER_TOPIC;

		public double getParkedSharePerTopic() {
			return this.parkedSharePerTopic;
		}

		public void setParkedSharePerTopic(double parkedSharePerTopic) {
			this.parkedSharePerTopic = parkedSharePerTopic;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

	/**
	 * The health indicator 'domainEventPublisher' and its probe of the cluster.
	 */
	public static class Health {

		/**
		 * How long the oldest pending event may wait before the publisher reports DOWN.
		 */
		private Duration stuckAfter = Duration.ofSeconds(15);

		/**
		 * How old the latest answer of the cluster, or the latest acknowledgement, may be before a health request
		 * has the probe ask the cluster again, in the background.
		 */
		private Duration probeInterval = Duration.ofSeconds(10);

		/**
		 * How long one such question may take.
		 */
		private Duration probeTimeout = Duration.ofSeconds(5);

		public Duration getStuckAfter() {
			return this.stuckAfter;
		}

		public void setStuckAfter(Duration stuckAfter) {
			requirePositive(stuckAfter, "health.stuck-after");
			this.stuckAfter = stuckAfter;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			requirePositive(probeInterval, "health.probe-interval");
			this.probeInterval = probeInterval;
		}

		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		public void setProbeTimeout(Duration probeTimeout) {
			requirePositive(probeTimeout, "health.probe-timeout");
			this.probeTimeout = probeTimeout;
		}

	}

	/**
	 * Micrometer meters of the publisher.
	 */
	public static class Metrics {

		/**
		 * Topics to name in the 'topic' tag, besides default-topic, the values of topics and annotated ones; any
		 * other is tagged 'other', so that explicit topics cannot multiply time series.
		 */
		private Set<String> topics = new LinkedHashSet<>();

		/**
		 * Whether to name every topic in the 'topic' tag, for applications whose topics are bounded by design.
		 */
		private boolean allTopics;

		/**
		 * Whether the latency timer publishes a percentile histogram.
		 */
		private boolean percentileHistogram;

		public Set<String> getTopics() {
			return this.topics;
		}

		public void setTopics(Set<String> topics) {
			this.topics = topics;
		}

		public boolean isAllTopics() {
			return this.allTopics;
		}

		public void setAllTopics(boolean allTopics) {
			this.allTopics = allTopics;
		}

		public boolean isPercentileHistogram() {
			return this.percentileHistogram;
		}

		public void setPercentileHistogram(boolean percentileHistogram) {
			this.percentileHistogram = percentileHistogram;
		}

	}

	/**
	 * Bounds of what the producer holds unanswered.
	 */
	public static class InFlight {

		/**
		 * Most estimated record bytes handed to the producer and not yet answered. At most the producer's
		 * buffer.memory; defaults to half of it.
		 */
		private @Nullable DataSize maxBytes;

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

	/**
	 * Micrometer observations of the publisher.
	 */
	public static class Observations {

		/**
		 * Whether to observe each publication ('domain.events.publish', the parent of the Kafka send, whose trace
		 * headers then reach the record) when the application has an ObservationRegistry. Off by default, as
		 * spring-kafka's own per-record observation is: it costs CPU and allocation per event.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The durable local journal: events kept on local disk while Kafka cannot take them, and published from there
	 * once it can.
	 */
	public static class Journal {

		/**
		 * When events are kept in the journal: 'off' never; 'on-failure' when an event would fail for a retriable
		 * reason; 'write-ahead' every event, forced to disk before it is sent, so that events Kafka had not
		 * acknowledged are published again after a crash of the application.
		 */
		private JournalMode mode = KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MODE;

		/**
		 * Directory of the journal's segment files and its dead-letter file, created if missing. Required unless the
		 * mode is 'off'. One application instance per directory: a second one fails to start.
		 */
		private @Nullable Path directory;

		/**
		 * Most bytes the journal's files may take on disk; beyond it an event the journal would keep fails with
		 * JOURNAL_FULL. At least 1MB.
		 */
		private DataSize maxBytes = DataSize.ofBytes(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MAX_BYTES);

		private final Replay replay = new Replay();

		public JournalMode getMode() {
			return this.mode;
		}

		public void setMode(JournalMode mode) {
			this.mode = mode;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public Replay getReplay() {
			return this.replay;
		}

		/**
		 * How journaled events are published again: after a retriable failure the replay waits, doubling the wait
		 * after each failure up to the longest, each wait with random jitter.
		 */
		public static class Replay {

			/**
			 * First wait of the replay after a retriable failure.
			 */
			private Duration initialBackoff = KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_INITIAL_BACKOFF;

			/**
			 * Longest wait of the replay between two attempts.
			 */
			private Duration maxBackoff = KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_MAX_BACKOFF;

			public Duration getInitialBackoff() {
				return this.initialBackoff;
			}

			public void setInitialBackoff(Duration initialBackoff) {
				this.initialBackoff = initialBackoff;
			}

			public Duration getMaxBackoff() {
				return this.maxBackoff;
			}

			public void setMaxBackoff(Duration maxBackoff) {
				this.maxBackoff = maxBackoff;
			}

		}

	}

}
