/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublicationListener;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;
import dev.domainevents.publisher.routing.AnnotationEventRouter;
import dev.domainevents.publisher.routing.EventRouter;
import dev.domainevents.publisher.serialization.EventSerializer;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

/**
 * Auto-configures a {@link DomainEventPublisher} on the application's Kafka settings.
 * <p>
 * The publisher's producer factory and template are internal, not beans, so Boot's own {@link KafkaTemplate} stays
 * the single candidate for injection. Every extension point backs off when the application defines its own: an
 * {@link EventRouter}, an {@link EventSerializer}, an {@link Executor} named
 * {@value #COMPLETION_EXECUTOR_BEAN_NAME}, or the {@link DomainEventPublisher} itself.
 * <p>
 * It builds on the {@link KafkaProperties} that Boot's own Kafka auto-configuration registers, and backs off when
 * that auto-configuration is excluded: the publisher inherits {@code spring.kafka.*}, and registering those properties
 * a second time here would hide the exclusion.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class })
@ConditionalOnBean(KafkaProperties.class)
@ConditionalOnBooleanProperty(name = "domain-events.publisher.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DomainEventPublisherProperties.class)
public final class DomainEventPublisherAutoConfiguration {

	/** The name of an {@link Executor} bean that, when defined, completes the publisher's futures. */
	public static final String COMPLETION_EXECUTOR_BEAN_NAME = "domainEventCompletionExecutor";

	/**
	 * The lifecycle phase in which the publisher drains and closes: after the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}) and the web server's stop ({@code DEFAULT_PHASE - 2048}), and after message
	 * listener containers ({@code DEFAULT_PHASE - 100} and above), so that requests and records in flight still
	 * publish; before beans in the default phase {@code 0}.
	 */
	public static final int LIFECYCLE_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	EventRouter domainEventRouter(DomainEventPublisherProperties properties) {
		return new AnnotationEventRouter(properties.getDefaultTopic(), properties.getTopics());
	}

	// Closed by DomainEventPublisherLifecycle with the shutdown timeout, not by the default close() and its 30 s.
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean(DomainEventPublisher.class)
	KafkaDomainEventPublisher domainEventPublisher(DomainEventPublisherProperties properties,
			KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
			EventRouter router, ObjectProvider<EventSerializer> serializer,
			@Qualifier(COMPLETION_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> completionExecutor,
			ObjectProvider<PublicationListener> listeners,
			ObjectProvider<DomainEventPublisherBuilderCustomizer> customizers, Environment environment) {
		RenamedPublisherProperties.warnAboutFormerNames(environment);
		Map<String, Object> producerProperties = PublisherProducerProperties.merge(kafkaProperties,
				connectionDetails.getIfAvailable(), properties, environment.getProperty("spring.application.name"));
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.producerProperties(producerProperties)
			.router(router)
			.serializer(serializer.getIfAvailable(() -> {
				throw new IllegalStateException("No EventSerializer: add Jackson 3 (spring-boot-starter-jackson) "
						+ "or define an EventSerializer bean");
			}))
			.source(source(properties, environment))
			.maxQueuedEvents(properties.getQueue().getMaxEvents())
			.maxQueuedBytes(properties.getQueue().getMaxBytes().toBytes())
			.parkedSharePerTopic(properties.getQueue().getParkedSharePerTopic())
			.overflowPolicy(properties.getOverflowPolicy())
			.overflowTimeout(properties.getOverflowTimeout())
			.deliveryTimeout(properties.getDeliveryTimeout())
			.metadataWait(properties.getMetadataWait())
			.journal(properties.getJournal().getMode(), properties.getJournal().getDirectory())
			.journalMaxBytes(properties.getJournal().getMaxBytes().toBytes())
			.replayBackoff(properties.getJournal().getReplay().getInitialBackoff(),
					properties.getJournal().getReplay().getMaxBackoff());
		if (properties.getInFlight().getMaxBytes() != null) {
			builder.maxInFlightBytes(properties.getInFlight().getMaxBytes().toBytes());
		}
		completionExecutor.ifAvailable(builder::completionExecutor);
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw PublisherSettingProperties.translate(ex, environment);
		}
	}

	@Bean
	DomainEventPublisherLifecycle domainEventPublisherLifecycle(ObjectProvider<KafkaDomainEventPublisher> publisher,
			DomainEventPublisherProperties properties, Environment environment) {
		return new DomainEventPublisherLifecycle(publisher, shutdownTimeout(properties, environment), LIFECYCLE_PHASE);
	}

	static String source(DomainEventPublisherProperties properties, Environment environment) {
		if (properties.getSource() != null && !properties.getSource().isBlank()) {
			return properties.getSource();
		}
		String applicationName = environment.getProperty("spring.application.name");
		return (applicationName != null && !applicationName.isBlank()) ? "/" + applicationName
				: KafkaDomainEventPublisherBuilder.DEFAULT_SOURCE;
	}

	static Duration shutdownTimeout(DomainEventPublisherProperties properties, Environment environment) {
		if (properties.getShutdownTimeout() != null) {
			return properties.getShutdownTimeout();
		}
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		Duration timeout = phaseTimeout.minus(SHUTDOWN_MARGIN);
		return timeout.isNegative() ? phaseTimeout : timeout;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonEventSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventSerializer domainEventSerializer(ObjectProvider<JsonMapper> jsonMapper) {
			// Unique, not available: with two mappers and no primary one, the publisher's own mapper rather than a
			// startup failure.
			JsonMapper applicationMapper = jsonMapper.getIfUnique();
			return (applicationMapper != null) ? new JsonEventSerializer(applicationMapper) : new JsonEventSerializer();
		}

	}

}
