/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.serialization;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link JsonEventSerializer}'s reused buffers: each result is exactly the mapper's own bytes.
 */
class JsonEventSerializerTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonEventSerializer serializer = new JsonEventSerializer(this.mapper);

	@Test
	void writesWhatTheMapperWritesAcrossSizesOnOneThread() {
		for (int length : new int[] { 10, 5_000, 100_000, 3, 70_000, 1 }) {
			Note note = new Note("x".repeat(length));
			byte[] bytes = this.serializer.serialize(note);
			assertThat(bytes).isEqualTo(this.mapper.writeValueAsBytes(note));
		}
	}

	@Test
	void anEventWhoseSerializerSerializesAnotherEventKeepsBothIntact() {
		JsonEventSerializer[] outer = new JsonEventSerializer[1];
		SimpleModule module = new SimpleModule().addSerializer(Envelope.class, new ValueSerializer<>() {
			@Override
			public void serialize(Envelope value, JsonGenerator generator, SerializationContext context) {
				// Serializes the inner event with the same serializer, on the same thread, while the outer one writes.
				byte[] inner = outer[0].serialize(value.inner());
				generator.writeString(new String(inner, StandardCharsets.UTF_8));
			}
		});
		JsonEventSerializer serializer = new JsonEventSerializer(JsonMapper.builder().addModule(module).build());
		outer[0] = serializer;

		byte[] bytes = serializer.serialize(new Envelope(new Note("inner")));

		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\"{\\\"text\\\":\\\"inner\\\"}\"");
		assertThat(serializer.serialize(new Note("after"))).isEqualTo(this.mapper.writeValueAsBytes(new Note("after")));
	}

	record Note(String text) {
	}

	record Envelope(Note inner) {
	}

}
