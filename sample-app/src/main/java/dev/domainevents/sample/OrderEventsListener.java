/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the {@code orders} topic back and logs each event's CloudEvents id and type, key and position. The payload
 * is not logged: it holds customer data, and the id and position are enough to find the record.
 * <p>
 * The last {@value #REMEMBERED_EVENTS} events are kept in memory, so that a test (or a look in a debugger) can see
 * what arrived without parsing the log.
 *
 * @since 0.1.0
 */
@Component
public class OrderEventsListener {

	static final int REMEMBERED_EVENTS = 100;

	private static final Logger logger = LoggerFactory.getLogger(OrderEventsListener.class);

	private final Deque<ReceivedEvent> recentEvents = new ArrayDeque<>();

	/**
	 * Logs and remembers one event.
	 * @param record the record, with the value as read; headers as the publisher wrote them
	 */
	@KafkaListener(topics = "orders")
	public void onEvent(ConsumerRecord<String, String> record) {
		ReceivedEvent event = new ReceivedEvent(header(record, "ce_id"), header(record, "ce_type"), record.key(),
				record.partition(), record.offset());
		logger.info("Received event ce_id={} ce_type={} key={} partition={} offset={}", event.eventId(),
				event.eventType(), event.key(), event.partition(), event.offset());
		synchronized (this.recentEvents) {
			if (this.recentEvents.size() == REMEMBERED_EVENTS) {
				this.recentEvents.removeFirst();
			}
			this.recentEvents.addLast(event);
		}
	}

	/**
	 * Returns the most recently received events, oldest first.
	 * @return up to the last {@value #REMEMBERED_EVENTS} events
	 */
	public List<ReceivedEvent> recentEvents() {
		synchronized (this.recentEvents) {
			return List.copyOf(this.recentEvents);
		}
	}

	private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
