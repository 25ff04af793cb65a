/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

/**
 * Customizes the auto-configured publisher's builder before the publisher is built, after the properties applied.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DomainEventPublisherBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(KafkaDomainEventPublisherBuilder builder);

}
