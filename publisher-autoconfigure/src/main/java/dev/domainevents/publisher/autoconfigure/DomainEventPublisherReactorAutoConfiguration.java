/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.reactor.ReactiveDomainEventPublisher;

/**
 * Registers a {@link ReactiveDomainEventPublisher} over the application's {@link DomainEventPublisher} when Project
 * Reactor is on the class path: the auto-configured publisher or the application's own.
 * <p>
 * {@link ConditionalOnSingleCandidate} rather than a plain {@link ConditionalOnBean}: an application with two
 * publishers and no primary one gets no reactive publisher, rather than a context that fails on an ambiguous
 * injection.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DomainEventPublisherAutoConfiguration.class)
@ConditionalOnClass(Mono.class)
@ConditionalOnSingleCandidate(DomainEventPublisher.class)
public final class DomainEventPublisherReactorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveDomainEventPublisher reactiveDomainEventPublisher(DomainEventPublisher publisher) {
		return new ReactiveDomainEventPublisher(publisher);
	}

}
