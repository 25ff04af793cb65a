/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden journal in {@code src/test/resources/journal/format-1}, written once by this version and committed:
 * {@link FormatCompatibilityTests} reads it, so a change that cannot read today's journals fails the build. Regenerate
 * it only for a deliberate new format (and keep this one):
 * {@code mvn -o -q test -pl publisher-core -Dtest=FormatOneFixture -Djournal.fixture.generate=true}.
 */
class FormatOneFixture {

	static final String RESOURCE = "/journal/format-1";

	static final long SEGMENT_BYTES = 512;

	/** Entry 0 is acknowledged (the checkpoint says 1): the journal holds entries 1 to 4. */
	static List<JournalEntry> entries() {
		byte[] large = new byte[300];
		for (int i = 0; i < large.length; i++) {
			large[i] = (byte) i;
		}
		return List.of(
				new JournalEntry("orders", utf8("order-1"), utf8("{\"id\":1}"),
						List.of(new JournalEntry.Header("ce_id", utf8("e-0")),
								new JournalEntry.Header("ce_type", utf8("OrderPlaced"))),
						1_767_225_600_000L, "e-0", "OrderPlaced"),
				new JournalEntry("orders", null, new byte[0], List.of(), 1_767_225_600_001L, "e-1", "OrderPlaced"),
				new JournalEntry("topic-ü", new byte[] { 0, -1, 0x7F }, utf8("é€😀"),
						List.of(new JournalEntry.Header("empty", new byte[0]), new JournalEntry.Header("null", null),
								new JournalEntry.Header("ce_id", utf8("e-2"))),
						1_767_225_600_002L, "e-2", "Wäre.Event"),
				new JournalEntry("payments", utf8("p-1"), large, List.of(new JournalEntry.Header("h", utf8("v"))),
						1_767_225_600_003L, "e-3", "PaymentTaken"),
				new JournalEntry("orders", utf8("order-2"), utf8("{\"id\":2}"), List.of(), 1_767_225_600_004L, "e-4",
						"OrderPlaced"));
	}

	/**
	 * Writes the fixture, once, from the module's directory: a tool, not a test (the build only reads the fixture).
	 * @param args none
	 */
	public static void main(String[] args) throws Exception {
		Path target = Path.of("src/test/resources/journal/format-1");
		Files.createDirectories(target);
		try (var files = Files.list(target)) {
			assertThat(files).as("regenerating would hide a format change: delete %s first", target).isEmpty();
		}
		JournalOptions options = new JournalOptions(target, 1024 * 1024, SEGMENT_BYTES, Duration.ofMillis(1),
				FileChannel::open);
		try (Journal journal = Journal.open(options)) {
			for (JournalEntry entry : entries()) {
				assertThat(JournalTesting.appendAndWait(journal, entry).refusal).isNull();
			}
			journal.acknowledge(0);
		}
		Files.delete(target.resolve(DirectoryLock.FILE_NAME));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
