/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The publishers a test class built, closed together after each test: every one owns threads and a producer, and
 * must not outlive its test.
 */
final class BuiltPublishers {

	private final List<KafkaDomainEventPublisher> publishers = new ArrayList<>();

	KafkaDomainEventPublisher build(KafkaDomainEventPublisherBuilder builder) {
		KafkaDomainEventPublisher publisher = builder.build();
		this.publishers.add(publisher);
		return publisher;
	}

	void closeAll(Duration timeout) {
		this.publishers.forEach((publisher) -> publisher.close(timeout));
		this.publishers.clear();
	}

}
