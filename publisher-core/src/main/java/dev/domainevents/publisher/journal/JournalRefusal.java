/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import org.jspecify.annotations.Nullable;

/**
 * Why the journal did not take an entry.
 *
 * @param kind the kind of refusal
 * @param detail a short explanation for people
 * @param cause the I/O error, if there was one
 * @since 0.1.0
 */
public record JournalRefusal(Kind kind, String detail, @Nullable Throwable cause) {

	/** The kinds of refusal. */
	public enum Kind {

		/** The journal holds its {@code maxBytes} already; it takes entries again once replayed ones are deleted. */
		FULL,

		/** A write or a {@code force} failed: the journal takes nothing any more (see {@link Journal#problem()}). */
		FAILED,

		/** The journal is closed. */
		CLOSED

	}

}
