/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.serialization;

import tools.jackson.databind.json.JsonMapper;

/**
 * Serializes events to JSON with a Jackson {@link JsonMapper}, so the application's Jackson settings apply.
 *
 * @since 0.1.0
 */
public final class JsonEventSerializer implements EventSerializer {

	private final JsonMapper jsonMapper;

	/**
	 * Creates a serializer with a default {@link JsonMapper}.
	 */
	public JsonEventSerializer() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * Creates a serializer.
	 * @param jsonMapper the mapper to write events with
	 */
	public JsonEventSerializer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public byte[] serialize(Object event) {
		return this.jsonMapper.writeValueAsBytes(event);
	}

}
