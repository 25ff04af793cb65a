/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.journal.JournaledRecord;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

/**
 * One accepted event on its way through the pipeline. Its stage is moved only by {@link EventLifecycle}, which decides
 * who completes it: whoever decides it first (the send callback, the deadline timer or the shutdown) owns the
 * outcome, so the caller's future completes exactly once. The caller's future is never read back, so a caller
 * completing or cancelling it changes nothing here.
 * <p>
 * Running it completes the caller's future; that happens on the completion executor, never on Kafka's network thread.
 * So does the end of its {@linkplain PublishObservation observation}, if it has one.
 */
final class PendingEvent implements Runnable {

	private static final VarHandle STAGE;

	static {
		try {
			STAGE = MethodHandles.lookup().findVarHandle(PendingEvent.class, "stage", Stage.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The message as published; topic, key, type and event id below are its resolved values. */
	final EventMessage message;

	final String eventId;

	final String eventType;

	final @Nullable String key;

	// Replaced only by the dispatcher, by a copy with the same topic (see recordToSend), so other threads may read the
	// topic from either.
	private ProducerRecord<byte[], byte[]> record;

	final int sizeInBytes;

	/** The observation of this publication, started by the caller; {@code null} when nothing observes. */
	final @Nullable Observation observation;

	// Set when accepted, under the ledger's lock; read by others only after that lock or a volatile stage.
	long acceptedNanos;

	long deadlineNanos;

	// The stage this event was in when it was decided; says whether it may have been written. Written by the deciding
	// thread before it hands the event on.
	@Nullable Stage stageWhenDecided;

	final CompletableFuture<PublishReceipt> future = new CompletableFuture<>();

	// With a journal: the event's position once its append reached the disk (write-ahead, or kept after a failure),
	// -1 before. Written by the journal's writer thread before it hands the event on.
	volatile long journalPosition = -1;

	// The journaled record this event publishes again, for the replay's events; null for the callers'.
	final @Nullable JournaledRecord replayOf;

	// Whether the event holds room in the journal's admission bound rather than in the queue's (it was journaled
	// because the queue was full).
	boolean heldForJournal;

	// Why the event is being kept in the journal (null: its key waits behind journaled events); written before the
	// event is handed to the journal's appending thread.
	@Nullable Failure keptBecause;

	@SuppressWarnings("unused") // accessed through STAGE
	private volatile Stage stage = Stage.QUEUED;

	// The deadline list links, guarded by the ledger's lock.
	@Nullable PendingEvent previous;

	@Nullable PendingEvent next;

	boolean linked;

	// The outcome, written by the deciding thread before it hands this event to the completion executor.
	private @Nullable PublishReceipt receipt;

	private @Nullable PublicationFailedException failure;

	private final Consumer<PendingEvent> beforeCompletion;

	PendingEvent(EventMessage message, String eventId, String eventType, @Nullable String key,
			ProducerRecord<byte[], byte[]> record, int sizeInBytes, @Nullable Observation observation,
			Consumer<PendingEvent> beforeCompletion) {
		this(message, eventId, eventType, key, record, sizeInBytes, observation, beforeCompletion, null);
	}

	PendingEvent(EventMessage message, String eventId, String eventType, @Nullable String key,
			ProducerRecord<byte[], byte[]> record, int sizeInBytes, @Nullable Observation observation,
			Consumer<PendingEvent> beforeCompletion, @Nullable JournaledRecord replayOf) {
		this.replayOf = replayOf;
		this.beforeCompletion = beforeCompletion;
		this.observation = observation;
		this.message = message;
		this.eventId = eventId;
		this.eventType = eventType;
		this.key = key;
		this.record = record;
		this.sizeInBytes = sizeInBytes;
	}

	/** The message to publish again: same event, id, type, topic, key and headers. */
	EventMessage resolvedMessage() {
		return resolved(this.message, topic(), this.key, this.eventType, this.eventId);
	}

	/** A message as published, with the topic, key, type and event id it was resolved to. */
	static EventMessage resolved(EventMessage message, String topic, @Nullable String key, String eventType,
			String eventId) {
		return message.withTopic(topic).withKey(key).withEventType(eventType).withEventId(eventId);
	}

	String topic() {
		return this.record.topic();
	}

	/** The record as it is now, headers included (a send may have added trace headers). */
	ProducerRecord<byte[], byte[]> record() {
		return this.record;
	}

	boolean isReplay() {
		return this.replayOf != null;
	}

	/**
	 * Returns the record for the next send, on the dispatcher thread. An observed send writes trace headers into
	 * it, but a send that got as far as the producer's buffer made its headers read-only before it timed out; such
	 * a record is copied before it is sent again, so that the new send's trace headers replace the old ones.
	 */
	ProducerRecord<byte[], byte[]> recordToSend() {
		ProducerRecord<byte[], byte[]> current = this.record;
		if (this.observation != null && current.headers() instanceof RecordHeaders headers && headers.isReadOnly()) {
			current = new ProducerRecord<>(current.topic(), current.partition(), current.timestamp(), current.key(),
					current.value(), new RecordHeaders(headers.toArray()));
			this.record = current;
		}
		return current;
	}

	Stage stage() {
		return (Stage) STAGE.getVolatile(this);
	}

	// For EventLifecycle only, which knows the allowed moves.
	boolean compareAndSetStage(Stage expected, Stage next) {
		return STAGE.compareAndSet(this, expected, next);
	}

	void setStage(Stage next) {
		STAGE.setVolatile(this, next);
	}

	void succeedWith(PublishReceipt receipt) {
		this.receipt = receipt;
	}

	void failWith(PublicationFailedException failure) {
		this.failure = failure;
	}

	@Nullable PublicationFailedException failure() {
		return this.failure;
	}

	@Nullable PublishReceipt receipt() {
		return this.receipt;
	}

	@Override
	public void run() {
		try {
			this.beforeCompletion.accept(this);
			Observation observation = this.observation;
			if (observation != null) {
				// Before the future completes, so that whoever sees the outcome finds the observation stopped.
				PublishObservation.stop(observation, this.failure);
			}
		}
		finally {
			// Whatever a listener or an observation handler threw, the caller's future completes.
			PublishReceipt receipt = this.receipt;
			if (receipt != null) {
				this.future.complete(receipt);
			}
			else {
				this.future.completeExceptionally(this.failure);
			}
			EventLifecycle.completed(this);
		}
	}

}
