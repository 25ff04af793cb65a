/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

/**
 * Told the outcome of one {@link Journal#append append}, exactly once. Runs on the journal's writer thread, or on the
 * appending thread when the journal refuses the entry at once; it must be quick and must not block.
 *
 * @since 0.1.0
 */
public interface AppendCallback {

	/**
	 * The entry is on disk: the {@code force} of its group returned.
	 * @param position the entry's position
	 */
	void journaled(long position);

	/**
	 * The entry is not in the journal, and never will be.
	 * @param refusal why
	 */
	void refused(JournalRefusal refusal);

}
