/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peers that do the publisher's work on the caller's thread, as a user would write it instead of using the
 * publisher: the event to JSON with the same mapper, a new time-ordered event id and the current time, and the same
 * six CloudEvents headers, for each event.
 */
final class SameWorkSenders {

	/** The mapper the harness builds its payloads with, so that every peer writes the same JSON. */
	static final JsonMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

	private static final byte[] SOURCE = utf8(Payloads.SOURCE);

	private static final byte[] TYPE = utf8(Payloads.EVENT_TYPE);

	private static final byte[] SPEC_VERSION = utf8("1.0");

	private static final byte[] CONTENT_TYPE = utf8("application/json");

	private SameWorkSenders() {
	}

	/** The six CloudEvents headers of one event, built as a user would: a new id and time per event. */
	static RecordHeaders headers() {
		return new RecordHeaders(new Header[] { new RecordHeader("ce_id", utf8(newEventId())),
				new RecordHeader("ce_source", SOURCE), new RecordHeader("ce_type", TYPE),
				new RecordHeader("ce_time", utf8(Instant.now().toString())),
				new RecordHeader("ce_specversion", SPEC_VERSION), new RecordHeader("content-type", CONTENT_TYPE) });
	}

	// A version 7 UUID, as the publisher's: the time in its first bits, randomness in the rest.
	private static String newEventId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** {@code KafkaProducer.send(record, callback)}, serializing on the caller's thread. */
	static final class RawSameWork extends Sender {

		private final JsonMapper mapper;

		private final KafkaProducer<byte[], byte[]> producer;

		RawSameWork(String bootstrapServers, String topic, Payloads payloads, Duration requestTimeout,
				JsonMapper mapper) {
			super(payloads, topic);
			this.mapper = mapper;
			this.producer = new KafkaProducer<>(
					ProducerSettings.rawClient(bootstrapServers, "bench-raw-same-work", requestTimeout));
		}

		@Override
		void send(long index, Outcome outcome) {
			BenchEvent event = this.payloads.event(index);
			try {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.topic, null, null,
						utf8(event.customerId()), this.mapper.writeValueAsBytes(event), headers());
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

	/** {@code KafkaTemplate.send(record)} with spring-kafka's Jackson 3 JSON serializer and a string key. */
	static final class TemplateSameWork extends Sender {

		private final DefaultKafkaProducerFactory<String, Object> factory;

		private final KafkaTemplate<String, Object> template;

		TemplateSameWork(String bootstrapServers, String topic, Payloads payloads, Duration requestTimeout,
				JsonMapper mapper) {
			super(payloads, topic);
			Map<String, Object> config = ProducerSettings.common(bootstrapServers, "bench-template-same-work",
					requestTimeout);
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			JacksonJsonSerializer<Object> serializer = new JacksonJsonSerializer<>(mapper);
			// The same six headers as the others: no type-id header of spring-kafka's own.
			serializer.setAddTypeInfo(false);
			this.factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), serializer);
			this.factory.setPhysicalCloseTimeout((int) CLOSE_TIMEOUT.toSeconds());
			this.template = new KafkaTemplate<>(this.factory);
		}

		@Override
		void send(long index, Outcome outcome) {
			BenchEvent event = this.payloads.event(index);
			try {
				this.template.send(new ProducerRecord<>(this.topic, null, null, event.customerId(), event, headers()))
					.whenComplete((result, error) -> outcome.completed(error));
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
