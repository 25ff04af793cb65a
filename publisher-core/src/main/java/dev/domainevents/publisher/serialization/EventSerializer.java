/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.serialization;

/**
 * Turns an event into the bytes of its record value. Runs on the caller's thread, so a poison event fails alone and
 * at once; an exception it throws fails that event with
 * {@link dev.domainevents.publisher.FailureReason#SERIALIZATION}.
 *
 * @since 0.1.0
 */
public interface EventSerializer {

	/**
	 * Serializes an event.
	 * @param event the event, never {@code null}
	 * @return the record value
	 */
	byte[] serialize(Object event);

	/**
	 * Returns the media type of the serialized bytes, sent as the {@code content-type} header.
	 * @return the content type
	 */
	default String contentType() {
		return "application/json";
	}

}
