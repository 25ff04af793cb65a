/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Records which threads call {@code KafkaProducer.send()}: the real producer runs {@code onSend} on the caller of
 * {@code send()}.
 */
public class SendingThreadsInterceptor implements ProducerInterceptor<byte[], byte[]> {

	static final Set<String> threads = ConcurrentHashMap.newKeySet();

	@Override
	public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
		threads.add(Thread.currentThread().getName());
		return record;
	}

	@Override
	public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

}
