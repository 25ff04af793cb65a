/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link WithKafkaBroker} class's broker in its application context: the broker itself, so that a test
 * can {@code @Autowired} it, and, where Spring Boot's Kafka support is present, a {@code KafkaConnectionDetails} that
 * points at it, which Boot's Kafka clients (and the publisher) use instead of {@code spring.kafka.bootstrap-servers}.
 * <p>
 * Equal customizers give equal context cache keys, so equality is what decides which classes share an application
 * context: those of one shared broker's settings may, a class with a dedicated broker shares with no other. The topics
 * are left out: {@link KafkaBrokerExtension} creates a class's topics before its tests whichever context they use.
 */
final class KafkaBrokerContextCustomizer implements ContextCustomizer {

	/** The bean name of the broker. */
	static final String BROKER_BEAN_NAME = "dev.domainevents.publisher.test.kafkaBroker";

	private static final String LEASE_BEAN_NAME = "dev.domainevents.publisher.test.kafkaBrokerLease";

	private static final String CONNECTION_DETAILS_BEAN_NAME = "dev.domainevents.publisher.test.kafkaConnectionDetails";

	private static final String CONNECTION_DETAILS_CLASS = "org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails";

	private final BrokerSettings settings;

	private final @Nullable Class<?> dedicatedOwner;

	/**
	 * Creates a customizer.
	 * @param settings the settings of the class's {@link WithKafkaBroker}
	 * @param dedicatedOwner the class that owns a dedicated broker, or {@code null} for a shared one
	 */
	KafkaBrokerContextCustomizer(BrokerSettings settings, @Nullable Class<?> dedicatedOwner) {
		this.settings = settings;
		this.dedicatedOwner = dedicatedOwner;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		if (!(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)) {
			throw new IllegalStateException("@WithKafkaBroker needs an application context whose bean factory is a "
					+ "BeanDefinitionRegistry, not " + context.getBeanFactory().getClass().getName());
		}
		AutoCloseable lease;
		KafkaBroker broker;
		if (this.dedicatedOwner != null) {
			broker = BrokerRegistry.dedicated(this.dedicatedOwner, this.settings);
			// The class closes it after its tests, right after the context (KafkaBrokerTestExecutionListener).
			lease = () -> {
			};
		}
		else {
			BrokerRegistry.Lease sharedLease = BrokerRegistry.lease(this.settings);
			broker = sharedLease.broker();
			lease = sharedLease;
		}
		BrokerRegistry.createTopics(broker, this.settings.topics());
		register(registry, broker, lease, context.getClassLoader());
	}

	/**
	 * Registers the lease, the broker and the connection details so that they are destroyed in the reverse order:
	 * every Kafka client depends on the connection details, they on the broker, the broker on the lease, so the lease
	 * is released (and a shared broker perhaps closed) only after the last client stopped.
	 */
	@SuppressWarnings("unchecked")
	private static void register(BeanDefinitionRegistry registry, KafkaBroker broker, AutoCloseable lease,
			@Nullable ClassLoader classLoader) {
		RootBeanDefinition leaseDefinition = new RootBeanDefinition(AutoCloseable.class, () -> lease);
		leaseDefinition.setDestroyMethodName("close");
		leaseDefinition.setAutowireCandidate(false);
		registry.registerBeanDefinition(LEASE_BEAN_NAME, leaseDefinition);

		RootBeanDefinition brokerDefinition = new RootBeanDefinition((Class<KafkaBroker>) broker.getClass(),
				() -> broker);
		// A KafkaBroker is AutoCloseable, which Spring would call on its own: the broker is not the context's to close.
		brokerDefinition.setDestroyMethodName("");
		brokerDefinition.setDependsOn(LEASE_BEAN_NAME);
		registry.registerBeanDefinition(BROKER_BEAN_NAME, brokerDefinition);

		if (ClassUtils.isPresent(CONNECTION_DETAILS_CLASS, classLoader)) {
			RootBeanDefinition detailsDefinition = BrokerConnectionDetails.beanDefinition(broker);
			detailsDefinition.setDependsOn(BROKER_BEAN_NAME);
			registry.registerBeanDefinition(CONNECTION_DETAILS_BEAN_NAME, detailsDefinition);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof KafkaBrokerContextCustomizer that
				&& this.settings.sharedKey().equals(that.settings.sharedKey())
				&& this.settings.dedicated() == that.settings.dedicated()
				&& Objects.equals(this.dedicatedOwner, that.dedicatedOwner);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.settings.sharedKey(), this.settings.dedicated(), this.dedicatedOwner);
	}

}
