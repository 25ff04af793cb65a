/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.routing.EventRouter;
import dev.domainevents.publisher.serialization.EventSerializer;

/**
 * Turns a published message into a {@link PendingEvent}, on the caller's thread: it gives the event its id, routes
 * it, validates it, serializes it, adds the CloudEvents headers and estimates the record's size. A problem with the
 * event (invalid, not serializable, too large) or a closing publisher is a rejection, thrown as the
 * {@link PublicationFailedException} for the caller's future, which carries no stack trace and costs little. Code of
 * the application's (the router, the serializer) may throw anything but an error of the JVM itself.
 */
final class EventPreparation {

	// Applications publish to a handful of topics; validating the name on every call showed in the caller's profile.
	private static final int MAX_REMEMBERED_TOPICS = 1024;

	private final EventRouter router;

	private final EventSerializer serializer;

	private final CloudEvents.HeaderFactory headerFactory;

	private final int maxRecordBytes;

	private final PublishObservation observations;

	private final OutcomeReporter outcomes;

	private final BooleanSupplier closing;

	private final Consumer<PendingEvent> beforeCompletion;

	private final Map<String, Boolean> validTopics = new ConcurrentHashMap<>();

	EventPreparation(EventRouter router, EventSerializer serializer, String source, int maxRecordBytes,
			PublishObservation observations, OutcomeReporter outcomes, BooleanSupplier closing) {
		this.router = router;
		this.serializer = serializer;
		this.headerFactory = new CloudEvents.HeaderFactory(source, serializer.contentType());
		this.maxRecordBytes = maxRecordBytes;
		this.observations = observations;
		this.outcomes = outcomes;
		this.closing = closing;
		this.beforeCompletion = outcomes::beforeCompletion;
	}

	/**
	 * Prepares an event for the queue.
	 * @throws PublicationFailedException the rejection, already counted and told to the listeners
	 */
	PendingEvent prepare(@Nullable EventMessage message) {
		if (message == null) {
			throw reject(EventMessage.of(null), FailureReason.INVALID_EVENT, "the message is null", null);
		}
		Object event = message.event();
		if (event == null) {
			throw reject(message, FailureReason.INVALID_EVENT, "the event is null", null);
		}
		String eventId = message.eventId();
		if (eventId == null) {
			// Given before anything can fail, so that every failure carries the id a republication keeps.
			eventId = CloudEvents.newEventId();
		}
		if (this.closing.getAsBoolean()) {
			throw reject(message.withEventId(eventId), FailureReason.SHUTTING_DOWN, null, null);
		}
		// The resolved topic, key and type live in locals; the message is copied with them only when it fails.
		String topic = message.topic();
		String key = message.key();
		String eventType = message.eventType();
		if (topic == null) {
			EventRoute route;
			try {
				route = this.router.route(event);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				throw reject(message.withEventId(eventId), FailureReason.INVALID_EVENT, "the router failed", ex);
			}
			if (route == null) {
				throw reject(message.withEventId(eventId), FailureReason.INVALID_EVENT,
						"no route for " + event.getClass().getName(), null);
			}
			topic = route.topic();
			if (key == null) {
				key = route.key();
			}
			if (eventType == null) {
				eventType = route.eventType();
			}
		}
		if (eventType == null) {
			eventType = event.getClass().getName();
		}
		String invalid = invalidity(topic, eventId, message.headers());
		if (invalid != null) {
			throw reject(PendingEvent.resolved(message, topic, key, eventType, eventId), FailureReason.INVALID_EVENT,
					invalid, null);
		}
		byte[] value;
		try {
			value = this.serializer.serialize(event);
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			throw reject(PendingEvent.resolved(message, topic, key, eventType, eventId), FailureReason.SERIALIZATION,
					null, ex);
		}
		if (value == null) {
			throw reject(PendingEvent.resolved(message, topic, key, eventType, eventId), FailureReason.SERIALIZATION,
					"the serializer returned null", null);
		}
		long now = System.currentTimeMillis();
		Map<String, @Nullable String> extraHeaders = message.headers();
		RecordHeaders headers = this.headerFactory.create(eventId, eventType, now);
		if (!extraHeaders.isEmpty()) {
			extraHeaders.forEach((name, headerValue) -> headers.add(name, CloudEvents.utf8(headerValue)));
		}
		byte[] keyBytes = (key != null) ? CloudEvents.utf8(key) : null;
		int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				keyBytes, value, headers.toArray());
		if (size > this.maxRecordBytes) {
			throw reject(PendingEvent.resolved(message, topic, key, eventType, eventId), FailureReason.RECORD_TOO_LARGE,
					"the record is " + size + " bytes, more than the limit of " + this.maxRecordBytes, null);
		}
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, now, keyBytes, value, headers);
		// Started before the offer, not after: the dispatcher may take the event at once, and must find it there.
		Observation observation = this.observations.start(message, topic, key, eventType, eventId);
		return new PendingEvent(message, eventId, eventType, key, record, size, observation, this.beforeCompletion);
	}

	private @Nullable String invalidity(String topic, String eventId, Map<String, @Nullable String> headers) {
		if (!this.validTopics.containsKey(topic)) {
			try {
				Topic.validate(topic);
			}
			catch (InvalidTopicException ex) {
				return ex.getMessage();
			}
			if (this.validTopics.size() < MAX_REMEMBERED_TOPICS) {
				this.validTopics.put(topic, Boolean.TRUE);
			}
		}
		if (eventId.isBlank()) {
			return "the event id is blank";
		}
		for (Map.Entry<String, @Nullable String> header : headers.entrySet()) {
			if (header.getKey() == null || CloudEvents.isReserved(header.getKey())) {
				return "the header name '" + header.getKey() + "' is reserved for the CloudEvents attributes";
			}
			if (header.getValue() == null) {
				return "the header '" + header.getKey() + "' has no value";
			}
		}
		return null;
	}

	private PublicationFailedException reject(EventMessage message, FailureReason reason, @Nullable String detail,
			@Nullable Throwable cause) {
		return this.outcomes.rejection(message, reason, detail, cause);
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (Workers.isFatal(ex)) {
			throw (Error) ex;
		}
	}

}
