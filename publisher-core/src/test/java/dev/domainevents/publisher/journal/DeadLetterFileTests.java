/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.domainevents.publisher.journal.JournalTesting.appendAll;
import static dev.domainevents.publisher.journal.JournalTesting.options;
import static dev.domainevents.publisher.journal.JournalTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter file: one forced line of JSON per entry, then the entry is acknowledged. */
class DeadLetterFileTests {

	@TempDir
	Path directory;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aDeadLetteredEntryIsWrittenAsOneLineOfJsonAndAcknowledged() throws Exception {
		try (Journal journal = Journal.open(options(this.directory))) {
			appendAll(journal, 0, 3);
			JournaledRecord record = journal.read(1, 1).get(0);
			journal.deadLetter(record, "Schema \"v2\" rejected:\n\tfield\u0001 missing \\ é");
			assertThat(journal.stats().deadLettered()).isEqualTo(1);
			assertThat(journal.stats().heldEvents()).isEqualTo(2);
			assertThat(readAll(journal)).extracting(JournaledRecord::position).containsExactly(0L, 2L);
			List<String> lines = Files.readAllLines(this.directory.resolve("dead-letters.jsonl"));
			assertThat(lines).hasSize(1);
			JsonNode line = this.json.readTree(lines.get(0));
			assertThat(line.get("position").asLong()).isEqualTo(1);
			assertThat(line.get("eventId").asString()).isEqualTo("id-1");
			assertThat(line.get("eventType").asString()).isEqualTo("OrderPlaced");
			assertThat(line.get("topic").asString()).isEqualTo("orders");
			assertThat(decode(line.get("key"))).isEqualTo("order-1");
			assertThat(decode(line.get("value"))).isEqualTo("{\"order\":1}");
			assertThat(line.get("headers")).hasSize(3);
			assertThat(line.get("headers").get(0).get("name").asString()).isEqualTo("ce_id");
			assertThat(decode(line.get("headers").get(0).get("value"))).isEqualTo("id-1");
			assertThat(line.get("headers").get(2).get("value").isNull()).isTrue();
			assertThat(line.get("timestampMillis").asLong()).isEqualTo(JournalTesting.TIMESTAMP + 1);
			assertThat(line.get("reason").asString()).isEqualTo("Schema \"v2\" rejected:\n\tfield\u0001 missing \\ é");
			assertThat(Instant.parse(line.get("deadLetteredAt").asString())).isBeforeOrEqualTo(Instant.now());
		}
	}

	@Test
	void aNullKeyIsWrittenAsNull() throws Exception {
		JournalEntry entry = new JournalEntry("t\"opic", null, new byte[] { 0, -1 }, List.of(), 7, "e", "type");
		String line = DeadLetterFile.line(new JournaledRecord(3, entry), "r", Instant.EPOCH);
		assertThat(line).endsWith("}\n").doesNotContain("\n}");
		JsonNode node = this.json.readTree(line);
		assertThat(node.get("key").isNull()).isTrue();
		assertThat(node.get("topic").asString()).isEqualTo("t\"opic");
		assertThat(Base64.getDecoder().decode(node.get("value").asString())).containsExactly(0, -1);
		assertThat(node.get("deadLetteredAt").asString()).isEqualTo("1970-01-01T00:00:00Z");
	}

	private static String decode(JsonNode base64) {
		return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.UTF_8);
	}

}
