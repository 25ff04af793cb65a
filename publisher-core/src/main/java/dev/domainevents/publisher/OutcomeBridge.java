/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * One subscription of a {@link DomainEventPublisher#publishAll} stream: the subscriber of the source and the
 * subscription of the outcomes' subscriber.
 * <p>
 * <b>Demand follows room.</b> Every event in the pipe (requested from the source, or accepted and its outcome not yet
 * emitted) will give one outcome, so the source is asked only for what the subscriber's outstanding demand, the
 * options' bound on outstanding events and, for a publisher that tells ({@link PublisherInspection}), the free room
 * in its queue leave. While Kafka does not answer, outcomes do not come, and the source is not pulled. Requests go
 * up in chunks of a quarter of the bound, not one per outcome.
 * <p>
 * <b>Backoff.</b> A retriable failure stops the requests for a pause (the options' initial one, drawn between its
 * half and its whole); then one event probes. A success of the probe opens the window again; its retriable failure
 * doubles the pause, up to the longest. Failures of events already in the pipe when the pause began do not lengthen
 * it, and non-retriable failures do not slow the stream. Journaled events are successes.
 * <p>
 * <b>Signals</b> to the outcomes' subscriber are serialized by one drain loop (whichever thread calls it: the
 * source's, the publisher's completion threads, the subscriber's own in {@code request}, or the stream's timer). In
 * acceptance order an outcome waits for the outcomes of earlier events; in completion order none waits.
 */
final class OutcomeBridge<E> implements Flow.Subscriber<E>, Flow.Subscription {

	// One daemon thread for every stream's pauses and room re-checks; it only calls drain().
	private static final ScheduledExecutorService TIMER = timer();

	// When the publisher's queue has no room and nothing is in the pipe, the stream looks again this often.
	private static final long ROOM_RECHECK_MILLIS = 10;

	private final DomainEventPublisher publisher;

	private final Flow.Subscriber<? super PublishOutcome<E>> downstream;

	private final @Nullable PublisherInspection inspection;

	private final boolean acceptanceOrder;

	private final int maxOutstanding;

	private final long initialBackoffNanos;

	private final long maxBackoffNanos;

	private final AtomicInteger wip = new AtomicInteger();

	private final AtomicLong requested = new AtomicLong();

	private final AtomicLong requestedFromSource = new AtomicLong();

	private final AtomicInteger outstanding = new AtomicInteger();

	// Accepted events in acceptance order (acceptance order), or those with an outcome (completion order).
	private final ConcurrentLinkedQueue<Slot<E>> slots = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean timerPending = new AtomicBoolean();

	private volatile Flow.@Nullable Subscription upstream;

	private volatile boolean cancelled;

	private volatile boolean sourceDone;

	private volatile @Nullable Throwable sourceError;

	// A breach of the rules, emitted at once: request(n <= 0), a null element, more elements than requested.
	private volatile @Nullable Throwable violation;

	// The publisher refuses events because it is closing: the stream ends with an error once the outcomes are out.
	private volatile boolean publisherClosing;

	// The source's thread only (rule 1.3 serializes onNext).
	private long nextSequence;

	// Guarded by this.
	private long backoffNanos;

	private long backoffUntil;

	private boolean probing;

	private long probeSequence = -1;

	OutcomeBridge(DomainEventPublisher publisher, Flow.Subscriber<? super PublishOutcome<E>> downstream,
			PublishAllOptions options) {
		this.publisher = publisher;
		this.downstream = downstream;
		this.inspection = (publisher instanceof PublisherInspection given) ? given : null;
		this.acceptanceOrder = options.order() == PublishAllOptions.Order.ACCEPTANCE;
		this.maxOutstanding = options.maxOutstanding();
		this.initialBackoffNanos = options.initialBackoff().toNanos();
		this.maxBackoffNanos = options.maxBackoff().toNanos();
	}

	// The source's side.

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		if (subscription == null) {
			throw new NullPointerException("subscription"); // rule 2.13
		}
		if (this.upstream != null || this.cancelled) {
			subscription.cancel(); // rule 2.5
			return;
		}
		this.upstream = subscription;
		drain();
	}

	@Override
	public void onNext(E event) {
		if (event == null) {
			breach(new NullPointerException("The source emitted a null element (rule 2.13)"));
			return;
		}
		if (this.cancelled || this.sourceDone) {
			return;
		}
		if (this.requestedFromSource.decrementAndGet() < 0) {
			breach(new IllegalStateException("The source emitted more elements than were requested (rule 1.1)"));
			return;
		}
		long sequence = this.nextSequence++;
		Slot<E> slot = new Slot<>(event, sequence);
		this.outstanding.incrementAndGet();
		if (this.acceptanceOrder) {
			this.slots.add(slot);
		}
		markProbe(sequence);
		OutcomeStream.publishQuietly(this.publisher, event).whenComplete((receipt, error) -> completed(slot,
				(receipt != null) ? PublishOutcome.succeeded(event, sequence, receipt)
						: PublishOutcome.failed(event, sequence, OutcomeStream.failureOf(event,
								(error != null) ? error : new IllegalStateException("no receipt")))));
		drain();
	}

	@Override
	public void onError(Throwable error) {
		if (this.sourceDone) {
			return;
		}
		this.sourceError = (error != null) ? error : new NullPointerException("The source signalled a null error");
		this.sourceDone = true;
		drain();
	}

	@Override
	public void onComplete() {
		this.sourceDone = true;
		drain();
	}

	// The outcomes' subscriber's side.

	@Override
	public void request(long n) {
		if (n <= 0) {
			breach(new IllegalArgumentException("request(" + n + "): the demand must be positive (rule 3.9)"));
			return;
		}
		long current;
		long next;
		do {
			current = this.requested.get();
			next = (current + n < 0) ? Long.MAX_VALUE : current + n; // rule 3.17
		}
		while (!this.requested.compareAndSet(current, next));
		drain();
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		cancelUpstream();
		drain();
	}

	private void completed(Slot<E> slot, PublishOutcome<E> outcome) {
		noteForBackoff(slot.sequence, outcome);
		slot.outcome = outcome;
		if (!this.acceptanceOrder) {
			this.slots.add(slot);
		}
		drain();
	}

	private void breach(Throwable violation) {
		if (this.violation == null) {
			this.violation = violation;
		}
		cancelUpstream();
		drain();
	}

	private void cancelUpstream() {
		Flow.Subscription subscription = this.upstream;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	// The one place that signals the outcomes' subscriber; see the class comment.
	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		for (;;) {
			if (this.cancelled) {
				this.slots.clear();
			}
			else if (this.violation != null) {
				terminate(this.violation);
			}
			else {
				emitReady();
				if (!this.cancelled) {
					if ((this.sourceDone || this.publisherClosing) && this.outstanding.get() == 0) {
						Throwable error = this.sourceError;
						if (error == null && this.publisherClosing) {
							error = new IllegalStateException("The publisher is closing: it takes no more events");
						}
						terminate(error);
					}
					else {
						requestMore();
					}
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private void emitReady() {
		long demand = this.requested.get();
		long emitted = 0;
		while (emitted != demand && !this.cancelled) {
			Slot<E> slot = this.acceptanceOrder ? takeHeadIfDone() : this.slots.poll();
			if (slot == null) {
				break;
			}
			PublishOutcome<E> outcome = slot.outcome;
			this.outstanding.decrementAndGet();
			emitted++;
			this.downstream.onNext(outcome);
		}
		if (emitted != 0 && demand != Long.MAX_VALUE) {
			this.requested.addAndGet(-emitted);
		}
	}

	private @Nullable Slot<E> takeHeadIfDone() {
		Slot<E> head = this.slots.peek();
		if (head == null || head.outcome == null) {
			return null;
		}
		return this.slots.poll();
	}

	private void terminate(@Nullable Throwable error) {
		this.cancelled = true;
		cancelUpstream();
		this.slots.clear();
		if (error != null) {
			this.downstream.onError(error);
		}
		else {
			this.downstream.onComplete();
		}
	}

	private void requestMore() {
		Flow.Subscription subscription = this.upstream;
		if (subscription == null || this.sourceDone || this.publisherClosing) {
			return;
		}
		int window;
		long now = System.nanoTime();
		synchronized (this) {
			if (this.backoffUntil - now > 0) {
				schedule(TimeUnit.NANOSECONDS.toMillis(this.backoffUntil - now) + 1);
				return;
			}
			window = this.probing ? 1 : this.maxOutstanding;
		}
		long inPipe = this.outstanding.get() + Math.max(0, this.requestedFromSource.get());
		long limit = Math.min(this.requested.get(), window);
		long wanted = limit - inPipe;
		if (wanted <= 0) {
			return;
		}
		// Chunks, not one request per outcome; but a pipe that ran dry is refilled at once.
		if (inPipe > 0 && wanted < Math.max(1, limit / 4)) {
			return;
		}
		wanted = Math.min(wanted, freeRoom());
		if (wanted <= 0) {
			if (inPipe == 0) {
				schedule(ROOM_RECHECK_MILLIS);
			}
			return;
		}
		this.requestedFromSource.addAndGet(wanted);
		subscription.request(wanted);
	}

	// What the publisher's queue can take, leaving an eighth of it to publish() callers; unbounded if it does not tell.
	private long freeRoom() {
		PublisherInspection inspection = this.inspection;
		if (inspection == null) {
			return Long.MAX_VALUE;
		}
		int bound = inspection.configuration().maxQueuedEvents();
		long held = inspection.stats().heldEvents();
		return bound - bound / 8 - held - Math.max(0, this.requestedFromSource.get());
	}

	private synchronized void markProbe(long sequence) {
		if (this.probing && this.probeSequence < 0 && System.nanoTime() - this.backoffUntil >= 0) {
			this.probeSequence = sequence;
		}
	}

	private void noteForBackoff(long sequence, PublishOutcome<E> outcome) {
		PublicationFailedException failure = outcome.failure();
		if (failure != null && failure.getReason() == FailureReason.SHUTTING_DOWN) {
			this.publisherClosing = true;
			cancelUpstream();
			return;
		}
		synchronized (this) {
			if (failure == null) {
				if (this.probing && sequence == this.probeSequence) {
					this.probing = false;
					this.probeSequence = -1;
					this.backoffNanos = 0;
					this.backoffUntil = 0;
				}
				return;
			}
			if (!failure.isRetriable()) {
				return;
			}
			if (!this.probing) {
				this.backoffNanos = this.initialBackoffNanos;
			}
			else if (sequence == this.probeSequence) {
				this.backoffNanos = Math.min(this.maxBackoffNanos, this.backoffNanos * 2);
			}
			else {
				return; // in the pipe before the pause began: says nothing new
			}
			this.probing = true;
			this.probeSequence = -1;
			long half = this.backoffNanos / 2;
			this.backoffUntil = System.nanoTime() + half + ThreadLocalRandom.current().nextLong(half + 1);
		}
	}

	private void schedule(long delayMillis) {
		if (this.timerPending.compareAndSet(false, true)) {
			TIMER.schedule(() -> {
				this.timerPending.set(false);
				drain();
			}, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private static ScheduledExecutorService timer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "domain-events-stream-timer");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	private static final class Slot<E> {

		final E event;

		final long sequence;

		volatile @Nullable PublishOutcome<E> outcome;

		Slot(E event, long sequence) {
			this.event = event;
			this.sequence = sequence;
		}

	}

}
