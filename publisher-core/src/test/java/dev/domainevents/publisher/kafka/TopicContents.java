/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a topic of {@link OrderPlaced} events really holds, read from its beginning: each {@code ce_id} with how many
 * times it is there, and per key the sequence numbers in the order of their first occurrence. A duplicate is a
 * record whose {@code ce_id} was seen before: the same event published again, which consumers dedupe on.
 */
final class TopicContents {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int records;

	private final Map<String, Integer> countById = new LinkedHashMap<>();

	private final Map<String, List<Long>> firstSequencesByKey = new TreeMap<>();

	private TopicContents(List<ConsumerRecord<byte[], byte[]>> consumed) {
		this.records = consumed.size();
		Map<String, String> eventById = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : consumed) {
			String eventId = Outcomes.header(record, "ce_id");
			OrderPlaced order = json.readValue(record.value(), OrderPlaced.class);
			String key = new String(record.key(), StandardCharsets.UTF_8);
			String event = key + "#" + order.sequence();
			// A duplicate is the same event again, not another event that reused an id.
			String before = eventById.putIfAbsent(eventId, event);
			assertThat(before).as("the event of ce_id %s", eventId).isIn(null, event);
			if (this.countById.merge(eventId, 1, Integer::sum) == 1) {
				this.firstSequencesByKey.computeIfAbsent(key, (k) -> new ArrayList<>()).add(order.sequence());
			}
		}
	}

	/** Reads the topic until at least {@code expected} records arrived (or a minute passed), and a quiet moment. */
	static TopicContents of(KafkaBroker broker, String topic, int expected) {
		return new TopicContents(broker.consume(topic, expected, Duration.ofSeconds(60)));
	}

	int records() {
		return this.records;
	}

	Set<String> ids() {
		return this.countById.keySet();
	}

	int distinct() {
		return this.countById.size();
	}

	/** Records beyond the first of their {@code ce_id}. */
	int duplicates() {
		return this.records - this.countById.size();
	}

	Map<String, List<Long>> firstSequencesByKey() {
		return this.firstSequencesByKey;
	}

	/** Per key, the first occurrences of the sequence numbers are in increasing order. */
	void assertOrderPerKey() {
		this.firstSequencesByKey.forEach((key, sequences) -> {
			for (int i = 1; i < sequences.size(); i++) {
				assertThat(sequences.get(i)).as("key %s: sequence after %s (first occurrences %s...)", key,
						sequences.get(i - 1), sequences.subList(Math.max(0, i - 5), i + 1))
					.isGreaterThan(sequences.get(i - 1));
			}
		});
	}

	@Override
	public String toString() {
		return "records=" + this.records + " distinct ce_id=" + distinct() + " duplicates=" + duplicates();
	}

}
