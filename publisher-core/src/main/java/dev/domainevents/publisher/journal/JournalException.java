/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

/**
 * The journal cannot be opened or used: its message says why and what to do.
 *
 * @since 0.1.0
 */
public class JournalException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public JournalException(String message) {
		super(message);
	}

	public JournalException(String message, Throwable cause) {
		super(message, cause);
	}

}
