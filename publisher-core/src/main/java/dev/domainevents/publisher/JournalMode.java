/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

/**
 * Whether and when the publisher keeps events in its durable local journal, a directory of append-only files on
 * local disk, and publishes them again from there once Kafka answers.
 *
 * @since 0.1.0
 */
public enum JournalMode {

	/** No journal: an event that cannot be published fails, as its reason says. */
	OFF,

	/**
	 * An accepted event that would fail for a retriable reason (the queue full with {@link OverflowPolicy#REJECT},
	 * its deadline passed, the publisher shutting down with it pending, no broker answering for a topic it wrote to
	 * before) is appended to the journal instead, and its future completes with a
	 * {@linkplain PublishReceipt#isJournaled() journaled} receipt once the append is on disk. Non-retriable failures
	 * fail as without a journal. Costs nothing while Kafka answers.
	 */
	ON_FAILURE,

	/**
	 * Every accepted event is appended to the journal, and forced to disk, before it is sent; its future completes as
	 * with {@link #ON_FAILURE}. After a crash of the application, events Kafka had not acknowledged are published
	 * again on the next start: an outbox without a database.
	 */
	WRITE_AHEAD

}
