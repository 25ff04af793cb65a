/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;


import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import dev.domainevents.publisher.PublishReceipt;

/**
 * The only caller of {@link KafkaTemplate#send}, on its own thread, so that no caller of {@code publish()} ever
 * waits on Kafka.
 * <p>
 * It takes events from the queue in order, as far as the in-flight window allows, and sends them. The first event of
 * a topic it has not seen answer is parked without a send, with every later event of its topic behind it, until the
 * {@link MetadataProber} sees the topic's metadata: a new or mistyped topic never makes it wait. The producer's
 * {@code max.block.ms} is small, so a topic whose metadata the producer lost (an outage) costs one short wait before
 * it is parked the same way, while other topics keep flowing.
 * <p>
 * It sleeps until it is signalled: a new event, a topic's metadata, or room in the in-flight window. It wakes by
 * itself only when the producer is due for replacement.
 * <p>
 * An event with an observation is sent within its scope, so that the template's own observation of the send is its
 * child and writes its trace headers into the record.
 */
final class Dispatcher implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

	// The topics remembered as answering or as written to; beyond this many the memory starts afresh.
	private static final int MAX_REMEMBERED_TOPICS = 10_000;

	private final DispatchQueue queue;

	private final InFlightWindow window;

	private final KafkaTemplate<byte[], byte[]> template;

	private final EventLifecycle lifecycle;

	// The dispatcher thread's working lists, reused for every batch.
	private final List<PendingEvent> batch;

	private final List<PendingEvent> overflow = new ArrayList<>();

	private final Map<String, List<PendingEvent>> parkedInBatch = new LinkedHashMap<>();

	private final int maxBatch;

	private final Workers workers;

	// Topics whose metadata the producer had at the last look: their events are sent, other topics' events parked.
	private final Set<String> topicsWithMetadata = ConcurrentHashMap.newKeySet();

	// Topics with at least one acknowledged record: their metadata, when missing, is missing for want of a broker.
	private final Set<String> topicsWritten = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Thread thread;

	private volatile Runnable onTopicParked = () -> {
	};

	private volatile boolean idle;

	// The free window bytes at which answers wake the dispatcher, Long.MAX_VALUE when it does not wait for room.
	private volatile long wakeAtFreeBytes = Long.MAX_VALUE;

	private volatile boolean running = true;

	private final DeniedTopics deniedTopics = new DeniedTopics();

	private final ProducerReplacement producerReplacement;

	private volatile @Nullable EventJournal journal;

	Dispatcher(DispatchQueue queue, InFlightWindow window, KafkaTemplate<byte[], byte[]> template,
			EventLifecycle lifecycle, int maxBatch, boolean ownsProducerFactory, Workers workers) {
		this.queue = queue;
		this.window = window;
		this.template = template;
		this.lifecycle = lifecycle;
		this.maxBatch = maxBatch;
		this.batch = new ArrayList<>(maxBatch);
		this.producerReplacement = new ProducerReplacement(template.getProducerFactory(), ownsProducerFactory);
		this.workers = workers;
	}

	/** With a journal: events whose key waits behind journaled events go there instead of to Kafka. */
	void keepFencedKeysIn(EventJournal journal) {
		this.journal = journal;
	}

	Set<String> topicsWritten() {
		return this.topicsWritten;
	}

	void onTopicParked(Runnable action) {
		this.onTopicParked = action;
	}

	/**
	 * Wakes the dispatcher if it sleeps with nothing to send: new events. Room in the window wakes it from the send
	 * callbacks instead.
	 */
	void wake() {
		if (this.idle) {
			unpark();
		}
	}

	/** The prober saw a topic's metadata: its parked events may go. */
	void metadataArrived(String topic) {
		remember(this.topicsWithMetadata, topic);
		if (this.queue.releaseParked(topic)) {
			unpark();
		}
	}

	/**
	 * The prober asked for a topic's metadata in vain. If the broker answers for other topics and this one was never
	 * written to, it may well not exist: its parked events are held to their share of the queue from now on, and
	 * those beyond it fail. While the broker answers for no topic at all (it is down, or the application has only
	 * just started) nothing is limited: every topic waits alike.
	 */
	void metadataMissing(String topic) {
		if (this.topicsWithMetadata.isEmpty() || this.topicsWritten.contains(topic)) {
			return;
		}
		List<PendingEvent> overflow = new ArrayList<>();
		this.queue.limitParked(topic, overflow);
		for (PendingEvent event : overflow) {
			this.lifecycle.fail(event, Failure.parkedShareExceeded());
		}
	}

	void stop() {
		this.running = false;
		unpark();
	}

	private void unpark() {
		Thread dispatcherThread = this.thread;
		if (dispatcherThread != null) {
			LockSupport.unpark(dispatcherThread);
		}
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		while (this.running) {
			try {
				if (!dispatchOnce()) {
					sleepUntilWorkArrives();
				}
			}
			catch (Throwable ex) {
				if (Workers.isFatal(ex)) {
					throw ex;
				}
				// The pipeline must survive even so: an event taken keeps its deadline.
				this.workers.survived("dispatching domain events", ex);
			}
		}
	}

	/**
	 * Takes one batch from the queue and sends, parks or fails each of its events.
	 * @return {@code false} when there was nothing to take
	 */
	boolean dispatchOnce() {
		List<PendingEvent> batch = this.batch;
		try {
			if (this.producerReplacement.replaceIfDue()) {
				this.topicsWithMetadata.clear();
			}
			this.queue.takeBatch(batch, this.overflow, this.maxBatch, this.window.freeBytes());
			if (batch.isEmpty() && this.overflow.isEmpty()) {
				return false;
			}
			for (int i = 0; i < batch.size(); i++) {
				if (!dispatch(batch.get(i), this.parkedInBatch)) {
					// The producer's buffer is full: this event and those behind it go back, in order. The next
					// send waits in the producer, up to max.block.ms, for the memory its answers free.
					this.queue.requeueFront(batch.subList(i, batch.size()));
					break;
				}
			}
			return true;
		}
		finally {
			batch.clear();
			parkAndFailOverflow(this.parkedInBatch, this.overflow);
		}
	}

	private void parkAndFailOverflow(Map<String, List<PendingEvent>> parked, List<PendingEvent> overflow) {
		if (!parked.isEmpty()) {
			this.queue.park(parked, overflow);
			parked.clear();
			this.onTopicParked.run();
		}
		for (PendingEvent event : overflow) {
			this.lifecycle.fail(event, Failure.parkedShareExceeded());
		}
		overflow.clear();
	}

	private void sleepUntilWorkArrives() {
		this.idle = true;
		// Lowered before looking, so that an answer between the look and the park still wakes it.
		this.wakeAtFreeBytes = 0;
		try {
			long wanted = this.queue.roomWanted(this.window.freeBytes());
			if (wanted == DispatchQueue.READY || !this.running) {
				return;
			}
			// Waiting for room, it wakes once an eighth of the window is free, not at every answer: a full window
			// frees a few hundred bytes per answer, and waking per answer would cost the network thread an unpark
			// for each record.
			if (wanted == DispatchQueue.NOTHING) {
				this.wakeAtFreeBytes = Long.MAX_VALUE;
			}
			else {
				this.wakeAtFreeBytes = Math.min(this.window.capacityBytes(),
						Math.max(wanted, this.window.capacityBytes() / 8));
				// New events queue behind the waiting ones: waking it for each would only put it back to sleep.
				this.idle = false;
			}
			// Signals wake it for everything but a producer replacement that falls due.
			long sleepNanos = this.producerReplacement.nanosUntilDue();
			if (sleepNanos == Long.MAX_VALUE) {
				LockSupport.park(this);
			}
			else if (sleepNanos > 0) {
				LockSupport.parkNanos(this, sleepNanos);
			}
		}
		finally {
			this.idle = false;
			this.wakeAtFreeBytes = Long.MAX_VALUE;
		}
	}

	/**
	 * Sends one event, or parks it when its topic has no metadata.
	 * @return {@code false} when the producer's buffer had no room for it: it was not sent and goes back in order
	 */
	private boolean dispatch(PendingEvent event, Map<String, List<PendingEvent>> parked) {
		EventJournal journal = this.journal;
		if (journal != null && journal.isFencedInQueue(event)) {
			// An earlier event with its key failed and waits in the journal; this one must not overtake it.
			this.lifecycle.keepBehindJournaled(event);
			return true;
		}
		String topic = event.topic();
		List<PendingEvent> parkedOfTopic = parked.get(topic);
		if (parkedOfTopic != null) {
			// An earlier event of this topic was just parked; this one must stay behind it.
			if (EventLifecycle.park(event)) {
				parkedOfTopic.add(event);
			}
			return true;
		}
		if (!this.topicsWithMetadata.contains(topic)) {
			if (EventLifecycle.park(event)) {
				parked.computeIfAbsent(topic, (name) -> new ArrayList<>()).add(event);
			}
			return true;
		}
		if (!EventLifecycle.takeForSending(event)) {
			return true; // its deadline passed while it waited
		}
		Throwable denial = this.deniedTopics.denial(topic);
		if (denial != null) {
			this.lifecycle.fail(event, Failure.thrownBySend(denial));
			return true;
		}
		this.window.acquire(event.sizeInBytes);
		CompletableFuture<SendResult<byte[], byte[]>> sent;
		try {
			sent = send(event);
		}
		catch (RuntimeException ex) {
			// KafkaTemplate has failed its own future too; this exception is the one signal we act on.
			this.window.release(event.sizeInBytes);
			Throwable cause = Failure.unwrap(ex);
			if (Failure.isBufferFull(cause)) {
				// Not a sign about the topic: the producer holds batches of other partitions. Never parks a topic.
				EventLifecycle.notSentForNow(event);
				return false;
			}
			if (Failure.isWaitForMetadata(cause)) {
				if (EventLifecycle.parkAfterSend(event)) {
					this.topicsWithMetadata.remove(topic);
					parked.computeIfAbsent(topic, (name) -> new ArrayList<>()).add(event);
				}
				return true;
			}
			if (Failure.isTopicDenied(cause)) {
				this.deniedTopics.remember(topic, cause);
			}
			if (this.producerReplacement.noteError(cause)) {
				unpark();
			}
			this.lifecycle.fail(event, Failure.thrownBySend(cause));
			return true;
		}
		catch (Error ex) {
			// An observation handler or interceptor of the application's: this event fails, the others go on.
			this.window.release(event.sizeInBytes);
			if (Workers.isFatal(ex)) {
				throw ex;
			}
			this.workers.survived("sending a domain event", ex);
			this.lifecycle.fail(event, Failure.thrownBySend(ex));
			return true;
		}
		EventLifecycle.handedToProducer(event);
		sent.whenComplete((result, error) -> onSendResult(event, result, error));
		return true;
	}

	private static void remember(Set<String> topics, String topic) {
		if (!topics.contains(topic)) {
			if (topics.size() >= MAX_REMEMBERED_TOPICS) {
				topics.clear();
			}
			topics.add(topic);
		}
	}

	private CompletableFuture<SendResult<byte[], byte[]>> send(PendingEvent event) {
		Observation observation = event.observation;
		if (observation == null) {
			return this.template.send(event.recordToSend());
		}
		Observation.Scope scope = observation.openScope();
		try {
			return this.template.send(event.recordToSend());
		}
		finally {
			// Closed on every path, or the dispatcher thread would make this event the parent of later sends.
			closeScope(scope);
		}
	}

	// A handler failing to close a scope must not turn a send the producer accepted into a failure: the send callback
	// will report its outcome, and the window must be released once.
	private static void closeScope(Observation.Scope scope) {
		try {
			scope.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close the observation scope of a domain event send", ex);
		}
	}

	// Runs on the producer's network thread: no user code here, nothing that blocks.
	private void onSendResult(PendingEvent event, @Nullable SendResult<byte[], byte[]> result,
			@Nullable Throwable error) {
		long freeBytes = this.window.release(event.sizeInBytes);
		if (freeBytes >= this.wakeAtFreeBytes) {
			unpark();
		}
		if (error == null && result != null) {
			this.producerReplacement.noteSuccess();
			RecordMetadata metadata = result.getRecordMetadata();
			// The event's topic, not the metadata's: that one is a new string per response, hashed for every record.
			remember(this.topicsWritten, event.topic());
			this.lifecycle.succeed(event, new PublishReceipt(event.eventId, event.topic(), metadata.partition(),
					metadata.offset(), Instant.ofEpochMilli(metadata.timestamp())));
		}
		else {
			Throwable cause = (error != null) ? Failure.unwrap(error) : new IllegalStateException("No send result");
			if (this.producerReplacement.noteError(cause)) {
				unpark();
			}
			this.lifecycle.fail(event, Failure.reportedByCallback(cause));
		}
	}

}
