/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.domainevents.publisher.FailureReason;

/**
 * How a {@link RecordingDomainEventPublisher} completes a future: with a published or a journaled receipt, or with a
 * failure; at once, after a delay, or when the test {@linkplain RecordingDomainEventPublisher#release() releases}
 * it. Immutable.
 * <pre>{@code
 * Answer.fail(FailureReason.DELIVERY_TIMEOUT)        // retriable, possibly written, as the reason implies
 * Answer.fail(FailureReason.DELIVERY_TIMEOUT, true, false)
 * Answer.journal().after(Duration.ofMillis(50))
 * Answer.succeed().held()                            // completes on release()
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Answer {

	private final Kind kind;

	private final @Nullable FailureReason reason;

	private final boolean retriable;

	private final boolean possiblyWritten;

	private final Duration delay;

	private final boolean held;

	private Answer(Kind kind, @Nullable FailureReason reason, boolean retriable, boolean possiblyWritten,
			Duration delay, boolean held) {
		this.kind = kind;
		this.reason = reason;
		this.retriable = retriable;
		this.possiblyWritten = possiblyWritten;
		this.delay = delay;
		this.held = held;
	}

	/**
	 * Kafka acknowledged the event: a receipt with partition 0 and the topic's next offset (from 0).
	 * @return the answer
	 */
	public static Answer succeed() {
		return new Answer(Kind.PUBLISHED, null, false, false, Duration.ZERO, false);
	}

	/**
	 * The event is in the journal: a {@linkplain dev.domainevents.publisher.PublishReceipt#journaled journaled}
	 * receipt with the next journal position (from 0), whose {@code isPublished()} is {@code false}.
	 * @return the answer
	 */
	public static Answer journal() {
		return new Answer(Kind.JOURNALED, null, false, false, Duration.ZERO, false);
	}

	/**
	 * The event failed for a reason, retriable and possibly written as the reason implies: see
	 * {@link #isRetriableByDefault(FailureReason)} and {@link #isPossiblyWrittenByDefault(FailureReason)}.
	 * @param reason the reason
	 * @return the answer
	 */
	public static Answer fail(FailureReason reason) {
		return fail(reason, isRetriableByDefault(reason), isPossiblyWrittenByDefault(reason));
	}

	/**
	 * The event failed for a reason, with the given flags.
	 * @param reason the reason
	 * @param retriable whether the failure says a retry may help
	 * @param possiblyWritten whether the failure says the record may have been written
	 * @return the answer
	 */
	public static Answer fail(FailureReason reason, boolean retriable, boolean possiblyWritten) {
		return new Answer(Kind.FAILED, Objects.requireNonNull(reason, "reason"), retriable, possiblyWritten,
				Duration.ZERO, false);
	}

	/**
	 * Returns this answer given only after a delay, on another thread.
	 * @param delay the delay
	 * @return the delayed answer
	 */
	public Answer after(Duration delay) {
		return new Answer(this.kind, this.reason, this.retriable, this.possiblyWritten,
				Objects.requireNonNull(delay, "delay"), this.held);
	}

	/**
	 * Returns this answer given only when the test releases the future, with
	 * {@link RecordingDomainEventPublisher#release()} or {@link RecordingDomainEventPublisher#releaseAll()}; until then
	 * the future stays incomplete, as with a broker that does not answer.
	 * @return the held answer
	 */
	public Answer held() {
		return new Answer(this.kind, this.reason, this.retriable, this.possiblyWritten, this.delay, true);
	}

	/**
	 * Whether a failure for this reason is retriable unless told otherwise: all but {@code INVALID_EVENT},
	 * {@code SERIALIZATION}, {@code RECORD_TOO_LARGE}, {@code AUTHORIZATION} and {@code OTHER}.
	 * @param reason the reason
	 * @return whether it is retriable by default
	 */
	public static boolean isRetriableByDefault(FailureReason reason) {
		return switch (reason) {
			case INVALID_EVENT, SERIALIZATION, RECORD_TOO_LARGE, AUTHORIZATION, OTHER -> false;
			default -> true;
		};
	}

	/**
	 * Whether a failure for this reason possibly wrote the record unless told otherwise: only
	 * {@code DELIVERY_TIMEOUT} and {@code PRODUCER_CLOSED}, the reasons of an event the producer already had.
	 * @param reason the reason
	 * @return whether it is possibly written by default
	 */
	public static boolean isPossiblyWrittenByDefault(FailureReason reason) {
		return reason == FailureReason.DELIVERY_TIMEOUT || reason == FailureReason.PRODUCER_CLOSED;
	}

	Kind kind() {
		return this.kind;
	}

	@Nullable FailureReason reason() {
		return this.reason;
	}

	boolean retriable() {
		return this.retriable;
	}

	boolean possiblyWritten() {
		return this.possiblyWritten;
	}

	Duration delay() {
		return this.delay;
	}

	boolean isHeld() {
		return this.held;
	}

	@Override
	public String toString() {
		String what = switch (this.kind) {
			case PUBLISHED -> "succeed";
			case JOURNALED -> "journal";
			case FAILED -> "fail " + this.reason + (this.retriable ? ", retriable" : ", not retriable")
					+ (this.possiblyWritten ? ", possibly written" : ", not written");
		};
		return "Answer[" + what + (this.delay.isZero() ? "" : ", after " + this.delay) + (this.held ? ", held" : "")
				+ "]";
	}

	enum Kind {

		PUBLISHED, JOURNALED, FAILED

	}

}
