/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.reactor.ReactiveDomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DomainEventPublisherReactorAutoConfiguration}.
 */
class DomainEventPublisherReactorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DomainEventPublisherReactorAutoConfiguration.class));

	@Test
	void withReactorTheApplicationsPublisherIsWrapped() {
		DomainEventPublisher publisher = new NoOpPublisher();
		this.contextRunner.withBean(DomainEventPublisher.class, () -> publisher).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveDomainEventPublisher.class);
			assertThat(context.getBean(ReactiveDomainEventPublisher.class).publisher()).isSameAs(publisher);
		});
	}

	@Test
	void withoutReactorThereIsNoReactivePublisher() {
		this.contextRunner.withBean(DomainEventPublisher.class, NoOpPublisher::new)
			.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean(ReactiveDomainEventPublisher.class));
	}

	@Test
	void withoutAPublisherThereIsNoReactivePublisher() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveDomainEventPublisher.class));
	}

	@Test
	void withTwoPublishersAndNoPrimaryOneThereIsNoReactivePublisherRatherThanAFailure() {
		this.contextRunner.withBean("first", DomainEventPublisher.class, NoOpPublisher::new)
			.withBean("second", DomainEventPublisher.class, NoOpPublisher::new)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveDomainEventPublisher.class));
	}

	@Test
	void theApplicationsOwnReactivePublisherWins() {
		ReactiveDomainEventPublisher own = new ReactiveDomainEventPublisher(new NoOpPublisher());
		this.contextRunner.withBean(DomainEventPublisher.class, NoOpPublisher::new)
			.withBean(ReactiveDomainEventPublisher.class, () -> own)
			.run((context) -> assertThat(context).getBean(ReactiveDomainEventPublisher.class).isSameAs(own));
	}

	@Test
	void theAutoConfiguredKafkaPublisherIsWrapped() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class, DomainEventPublisherReactorAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092")
			.run((context) -> assertThat(context.getBean(ReactiveDomainEventPublisher.class).publisher())
				.isSameAs(context.getBean(KafkaDomainEventPublisher.class)));
	}

	static final class NoOpPublisher implements DomainEventPublisher {

		@Override
		public CompletableFuture<PublishReceipt> publish(Object event) {
			return new CompletableFuture<>();
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(EventMessage message) {
			return new CompletableFuture<>();
		}

	}

}
