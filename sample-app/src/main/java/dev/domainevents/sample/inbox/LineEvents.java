/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.EventMessage;

/**
 * Turns the lines of one file into the messages that {@code publishAll} publishes. A line that is a JSON object
 * becomes an {@link EventMessage} whose event is the parsed {@link JsonNode}, which the publisher's Jackson serializer
 * writes back as the same JSON; its key is the value of the key field, when the object has one.
 * <p>
 * Every message gets the event id {@code fileName:lineNumber}, so that publishing the file again (after a retriable
 * failure or a crash) duplicates a line only with the same {@code ce_id}, which consumers deduplicate on.
 * <p>
 * A line that is not a JSON object (a poison line) must fail alone, not end the stream: it becomes a message without
 * an event, which the publisher refuses at once with {@code INVALID_EVENT}, as a per-line outcome. Why the line was
 * refused is remembered here, for the file's report.
 *
 * @since 0.1.0
 */
public final class LineEvents implements FileLines.LineMapper<EventMessage> {

	private final String fileName;

	private final InboxProperties properties;

	private final JsonMapper json;

	private final Map<Long, String> parseErrors = new ConcurrentHashMap<>();

	/**
	 * Creates the mapper of one file.
	 * @param fileName the file's name, the first part of each line's event id
	 * @param properties the topic, key field and event type
	 * @param json the mapper that parses the lines
	 */
	public LineEvents(String fileName, InboxProperties properties, JsonMapper json) {
		this.fileName = fileName;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * The event id of a line: the file's name and the line's number.
	 * @param fileName the file's name
	 * @param lineNumber the line's number, from 1
	 * @return the {@code ce_id}
	 */
	public static String eventId(String fileName, long lineNumber) {
		return fileName + ":" + lineNumber;
	}

	/**
	 * The line number in an event id made by {@link #eventId}.
	 * @param eventId the event id
	 * @return the line number
	 */
	public static long lineNumber(String eventId) {
		return Long.parseLong(eventId.substring(eventId.lastIndexOf(':') + 1));
	}

	@Override
	public EventMessage map(long lineNumber, String line) {
		String eventId = eventId(this.fileName, lineNumber);
		JsonNode event;
		try {
			event = this.json.readTree(line);
		}
		catch (JacksonException ex) {
			return poison(lineNumber, eventId, "not JSON: " + ex.getOriginalMessage());
		}
		if (event == null || !event.isObject()) {
			return poison(lineNumber, eventId, "not a JSON object");
		}
		return EventMessage.of(event)
			.withTopic(this.properties.topic())
			.withKey(key(event))
			.withEventType(this.properties.eventType())
			.withEventId(eventId);
	}

	/**
	 * Why a line was refused before it reached the publisher.
	 * @param lineNumber the line's number
	 * @return the reason, or {@code null} if the line parsed
	 */
	public @Nullable String parseError(long lineNumber) {
		return this.parseErrors.get(lineNumber);
	}

	private EventMessage poison(long lineNumber, String eventId, String why) {
		this.parseErrors.put(lineNumber, why);
		// No event: the publisher answers INVALID_EVENT for this line alone.
		return EventMessage.of(null).withTopic(this.properties.topic()).withEventId(eventId);
	}

	private @Nullable String key(JsonNode event) {
		JsonNode key = event.get(this.properties.keyField());
		if (key == null || key.isNull() || !key.isValueNode()) {
			return null;
		}
		return key.asString();
	}

}
