/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;

/**
 * The file inbox, when {@code sample.inbox.directory} is set.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sample.inbox", name = "directory")
@EnableConfigurationProperties(InboxProperties.class)
public class InboxConfiguration {

	@Bean
	FileInbox fileInbox(DomainEventPublisher publisher, InboxProperties properties, ObjectProvider<JsonMapper> json) {
		return new FileInbox(publisher, properties, json.getIfAvailable(() -> JsonMapper.builder().build()));
	}

}
