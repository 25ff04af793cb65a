/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

/**
 * An entry read back from the journal, with its position.
 *
 * @param position the entry's position: positions grow by one per append, across restarts
 * @param entry the entry
 * @since 0.1.0
 */
public record JournaledRecord(long position, JournalEntry entry) {
}
