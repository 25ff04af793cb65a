/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import dev.domainevents.publisher.OverflowPolicy;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;
import dev.domainevents.publisher.routing.EventRoute;

/**
 * One peer's client, sending the events of a {@link Payloads} pool to one topic. A call of {@link #send} is what a
 * caller thread pays; its {@link Outcome} runs when the future completes.
 */
abstract class Sender implements AutoCloseable {

	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

	final Payloads payloads;

	final String topic;

	Sender(Payloads payloads, String topic) {
		this.payloads = payloads;
		this.topic = topic;
	}

	/**
	 * Opens a peer's client.
	 * @param peer the peer
	 * @param bootstrapServers the broker
	 * @param topic the topic to send to
	 * @param payloads the events
	 * @param overflowPolicy the publisher's policy when its queue is full (ignored by the other peers)
	 * @param requestTimeout the client's {@code request.timeout.ms}
	 * @return the client, ready to send
	 */
	static Sender open(Peer peer, String bootstrapServers, String topic, Payloads payloads,
			OverflowPolicy overflowPolicy, Duration requestTimeout) {
		return switch (peer) {
			case PUBLISHER -> new Publisher(bootstrapServers, topic, payloads, overflowPolicy, requestTimeout);
			case RAW -> new Raw(bootstrapServers, topic, payloads, requestTimeout);
			case TEMPLATE -> new Template(bootstrapServers, topic, payloads, requestTimeout);
			case STARTER -> new StarterSender(bootstrapServers, topic, payloads, requestTimeout, false);
			case STARTER_TRACING -> new StarterSender(bootstrapServers, topic, payloads, requestTimeout, true);
			case RAW_SAME_WORK -> new SameWorkSenders.RawSameWork(bootstrapServers, topic, payloads, requestTimeout,
					SameWorkSenders.MAPPER);
			case TEMPLATE_SAME_WORK -> new SameWorkSenders.TemplateSameWork(bootstrapServers, topic, payloads,
					requestTimeout, SameWorkSenders.MAPPER);
		};
	}

	/**
	 * Sends the pooled event at an index.
	 * @param index the index, wrapped into the pool
	 * @param outcome told once how it ended
	 */
	abstract void send(long index, Outcome outcome);

	@Override
	public abstract void close();

	/** What the client holds, for a log line when a run did not drain. */
	String state() {
		return "";
	}

	/** The domain event publisher, with its own serialization, headers, queue and dispatcher. */
	static final class Publisher extends Sender {

		final KafkaDomainEventPublisher publisher;

		Publisher(String bootstrapServers, String topic, Payloads payloads, OverflowPolicy overflowPolicy,
				Duration requestTimeout) {
			this(bootstrapServers, topic, payloads, overflowPolicy, requestTimeout, UnaryOperator.identity());
		}

		/**
		 * The publisher with the common settings, then whatever else a phase sets (its journal, say).
		 * @param customizer applied to the builder last
		 */
		Publisher(String bootstrapServers, String topic, Payloads payloads, OverflowPolicy overflowPolicy,
				Duration requestTimeout, UnaryOperator<KafkaDomainEventPublisherBuilder> customizer) {
			super(payloads, topic);
			this.publisher = customizer.apply(KafkaDomainEventPublisher.builder()
				.producerProperties(ProducerSettings.common(bootstrapServers, "bench-publisher", requestTimeout))
				.source(Payloads.SOURCE)
				.router((event) -> new EventRoute(topic, ((BenchEvent) event).customerId(), Payloads.EVENT_TYPE))
				.overflowPolicy(overflowPolicy)
				.overflowTimeout(CLOSE_TIMEOUT))
				.build();
		}

		@Override
		void send(long index, Outcome outcome) {
			this.publisher.publish(this.payloads.event(index)).whenComplete((receipt, error) -> outcome.completed(error));
		}

		/**
		 * Publishes the pooled event at an index, and one more to a topic that does not exist, whose outcome nobody
		 * waits for: it waits for metadata until its deadline, or fails at once beyond its topic's share of the queue.
		 * @param index the index, wrapped into the pool
		 * @param outcome told once how the event to the real topic ended
		 * @param missingTopic the topic that does not exist
		 */
		void sendBeside(long index, Outcome outcome, String missingTopic) {
			send(index, outcome);
			this.publisher.publish(missingTopic, null, this.payloads.event(index), java.util.Map.of());
		}

		/**
		 * Publishes a new event object, as an application does: see {@link Payloads#freshEvent(long)}.
		 * @param number the event's number
		 * @param outcome told once how it ended
		 */
		void sendFresh(long number, Outcome outcome) {
			this.publisher.publish(this.payloads.freshEvent(number))
				.whenComplete((receipt, error) -> outcome.completed(error));
		}

		@Override
		public void close() {
			this.publisher.close(CLOSE_TIMEOUT);
		}

		/**
		 * Closes sooner than {@link #close()}, when only events that can never complete are left: those for a topic
		 * that does not exist fail as the publisher shuts down.
		 * @param timeout how long the drain may take
		 */
		void close(Duration timeout) {
			this.publisher.close(timeout);
		}

		@Override
		String state() {
			return this.publisher.stats().toString();
		}

	}

	/** {@code KafkaProducer.send(record, callback)}: the ceiling. */
	static final class Raw extends Sender {

		private final KafkaProducer<byte[], byte[]> producer;

		Raw(String bootstrapServers, String topic, Payloads payloads, Duration requestTimeout) {
			super(payloads, topic);
			this.producer = new KafkaProducer<>(ProducerSettings.rawClient(bootstrapServers, "bench-raw", requestTimeout));
		}

		@Override
		void send(long index, Outcome outcome) {
			ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.topic, null, null,
					this.payloads.key(index), this.payloads.value(index), new RecordHeaders(this.payloads.headers(index)));
			try {
				this.producer.send(record, (metadata, error) -> outcome.completed(error));
			}
			catch (RuntimeException ex) {
				outcome.completed(ex);
			}
		}

		@Override
		public void close() {
			this.producer.close(CLOSE_TIMEOUT);
		}

	}

	/** {@code KafkaTemplate.send(record)} on a {@code DefaultKafkaProducerFactory}. */
	static final class Template extends Sender {

		private final DefaultKafkaProducerFactory<byte[], byte[]> factory;

		private final KafkaTemplate<byte[], byte[]> template;

		Template(String bootstrapServers, String topic, Payloads payloads, Duration requestTimeout) {
			super(payloads, topic);
			this.factory = new DefaultKafkaProducerFactory<>(ProducerSettings.rawClient(bootstrapServers, "bench-template",
					requestTimeout));
			this.factory.setPhysicalCloseTimeout((int) CLOSE_TIMEOUT.toSeconds());
			this.template = new KafkaTemplate<>(this.factory);
		}

		@Override
		void send(long index, Outcome outcome) {
			ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.topic, null, null,
					this.payloads.key(index), this.payloads.value(index), new RecordHeaders(this.payloads.headers(index)));
			try {
				this.template.send(record).whenComplete((result, error) -> outcome.completed(error));
			}
			catch (RuntimeException ex) {
				// KafkaTemplate fails the future and throws as well; the exception is the signal we have.
				outcome.completed(ex);
			}
		}

		@Override
		public void close() {
			this.factory.destroy();
		}

	}

}
