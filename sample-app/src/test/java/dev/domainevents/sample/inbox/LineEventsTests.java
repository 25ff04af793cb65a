/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link LineEvents} turns a line into a message.
 */
class LineEventsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LineEvents lines = new LineEvents("orders-1.jsonl", properties(), json);

	static InboxProperties properties() {
		return new InboxProperties(Path.of("inbox"), "inbox-events", "key", "dev.domainevents.sample.InboxEvent",
				Duration.ofMillis(50), 256, Duration.ofMillis(100), Duration.ofSeconds(1),
				InboxProperties.OnSuccess.DELETE);
	}

	@Test
	void aJsonObjectIsPublishedAsItIsWithItsKeyAndAnIdFromFileAndLine() {
		String line = "{\"key\":\"c-42\",\"total\":12.5,\"items\":[1,2]}";

		EventMessage message = this.lines.map(7, line);

		assertThat(message.topic()).isEqualTo("inbox-events");
		assertThat(message.key()).isEqualTo("c-42");
		assertThat(message.eventId()).isEqualTo("orders-1.jsonl:7");
		assertThat(message.eventType()).isEqualTo("dev.domainevents.sample.InboxEvent");
		assertThat(message.event()).isInstanceOf(JsonNode.class);
		// The sample's serializer writes the line back as it was.
		assertThat(new String(new JsonEventSerializer(json).serialize(message.event()))).isEqualTo(line);
		assertThat(this.lines.parseError(7)).isNull();
	}

	@Test
	void aNumericKeyIsItsTextAndAnObjectWithoutKeyHasNone() {
		assertThat(this.lines.map(1, "{\"key\":17}").key()).isEqualTo("17");
		assertThat(this.lines.map(2, "{\"other\":\"x\"}").key()).isNull();
		assertThat(this.lines.map(3, "{\"key\":{\"nested\":true}}").key()).isNull();
	}

	@Test
	void aLineThatIsNotJsonBecomesAMessageWithoutEventAndItsReasonIsKept() {
		EventMessage message = this.lines.map(3, "this is not json");

		assertThat(message.event()).isNull();
		assertThat(message.eventId()).isEqualTo("orders-1.jsonl:3");
		assertThat(this.lines.parseError(3)).startsWith("not JSON: ");
	}

	@Test
	void aJsonValueThatIsNotAnObjectIsRefusedToo() {
		assertThat(this.lines.map(4, "[1,2,3]").event()).isNull();
		assertThat(this.lines.parseError(4)).isEqualTo("not a JSON object");
	}

	@Test
	void theLineNumberIsReadBackFromTheId() {
		assertThat(LineEvents.lineNumber(LineEvents.eventId("a:b.jsonl", 42))).isEqualTo(42);
	}

}
