/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.domainevents.publisher.test.KafkaBrokers;
import dev.domainevents.publisher.test.ProcessKafkaBroker;

/**
 * Starts a Kafka broker for the sample when no cluster is configured, so that the sample runs on a fresh clone with
 * nothing installed but a JDK and Maven.
 * <p>
 * When {@code spring.kafka.bootstrap-servers} is set anywhere (application properties, environment variables, system
 * properties, command line) it does nothing and the application uses that cluster. Otherwise it starts a
 * {@link ProcessKafkaBroker} (a single-node KRaft broker in a child JVM, from the project's test-support module),
 * creates the {@value #TOPIC} topic with {@value #PARTITIONS} partitions, and puts the broker's address first among
 * the environment's property sources as {@code spring.kafka.bootstrap-servers}.
 * <p>
 * The broker becomes the bean {@value #BEAN_NAME}, whose destruction closes it. Beans are destroyed only after every
 * lifecycle phase stopped (the listener containers, the web server's graceful shutdown, the publisher's drain), and
 * this one is defined before the application's beans, so it is also destroyed after the Kafka clients. If the
 * application never gets that far, {@link ProcessKafkaBroker}'s JVM shutdown hook kills the broker when the JVM
 * exits, and the broker halts by itself if this JVM dies without running its hooks.
 * <p>
 * Runs after the application's configuration files were loaded ({@link Ordered#LOWEST_PRECEDENCE}), so that a
 * bootstrap-servers setting in {@code application.yml} or a profile counts.
 *
 * @since 0.1.0
 */
public class EmbeddedKafkaEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property that, when set, selects an existing cluster and turns this post-processor off. */
	public static final String BOOTSTRAP_SERVERS_PROPERTY = "spring.kafka.bootstrap-servers";

	/** The name of the property source that holds the embedded broker's address. */
	public static final String PROPERTY_SOURCE_NAME = "embeddedKafkaBroker";

	/** The name of the bean of the embedded broker, whose destruction closes it. */
	public static final String BEAN_NAME = "embeddedKafkaBroker";

	/** The topic created up front, so that it has more than one partition. */
	static final String TOPIC = "orders";

	static final int PARTITIONS = 3;

	private final Log logger;

	private final ConfigurableBootstrapContext bootstrapContext;

	private final Supplier<ProcessKafkaBroker> brokerStarter;

	/**
	 * Creates the post-processor; Spring Boot calls this constructor.
	 * @param logFactory the factory of a log whose output waits until logging is configured
	 * @param bootstrapContext the bootstrap context, whose closing hands the broker to the application context
	 */
	public EmbeddedKafkaEnvironmentPostProcessor(DeferredLogFactory logFactory,
			ConfigurableBootstrapContext bootstrapContext) {
		// Auto-creation on, like a developer's local broker: a topic the sample did not create up front still works.
		this(logFactory, bootstrapContext, () -> KafkaBrokers.process().autoCreateTopics(true).killedByShutdownHook(false).start());
	}

	EmbeddedKafkaEnvironmentPostProcessor(DeferredLogFactory logFactory, ConfigurableBootstrapContext bootstrapContext,
			Supplier<ProcessKafkaBroker> brokerStarter) {
		this.logger = logFactory.getLog(EmbeddedKafkaEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
		this.brokerStarter = brokerStarter;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (isClusterConfigured(environment)) {
			this.logger.debug(BOOTSTRAP_SERVERS_PROPERTY + " is set: not starting an embedded Kafka broker");
			return;
		}
		ProcessKafkaBroker broker = startBroker();
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(BOOTSTRAP_SERVERS_PROPERTY, broker.bootstrapServers())));
		this.bootstrapContext.addCloseListener((event) -> closeWithContext(broker, event.getApplicationContext()));
		this.logger.info("No " + BOOTSTRAP_SERVERS_PROPERTY + " configured: started an embedded Kafka broker at "
				+ broker.bootstrapServers() + " (pid " + broker.pid() + ", log " + broker.logFile()
				+ ") with topic '" + TOPIC + "' of " + PARTITIONS + " partitions; it stops with the application");
	}

	/**
	 * Whether a cluster is configured. Asks the binder rather than the environment, so that every form Spring Boot
	 * accepts counts: {@code SPRING_KAFKA_BOOTSTRAPSERVERS}, {@code spring.kafka.bootstrapServers}, an indexed list.
	 */
	static boolean isClusterConfigured(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind(BOOTSTRAP_SERVERS_PROPERTY, Bindable.listOf(String.class))
			.map((servers) -> servers.stream().anyMatch((server) -> !server.isBlank()))
			.orElse(false);
	}

	private ProcessKafkaBroker startBroker() {
		ProcessKafkaBroker broker;
		try {
			broker = this.brokerStarter.get();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not start an embedded Kafka broker for the sample; set "
					+ BOOTSTRAP_SERVERS_PROPERTY + " to use an existing cluster instead", ex);
		}
		try {
			broker.createTopic(TOPIC, PARTITIONS);
			return broker;
		}
		catch (RuntimeException ex) {
			broker.close();
			throw ex;
		}
	}

	/**
	 * Makes the broker a bean, so that the context closes it. Defined now, before the application's sources are
	 * loaded, it is created before the application's beans and therefore destroyed after them.
	 */
	private void closeWithContext(ProcessKafkaBroker broker, ConfigurableApplicationContext context) {
		if (context instanceof GenericApplicationContext genericContext) {
			genericContext.registerBean(BEAN_NAME, ProcessKafkaBroker.class, () -> broker,
					(definition) -> definition.setDestroyMethodName("close"));
		}
		else {
			// Not a context we can add beans to (none that Spring Boot creates): the JVM shutdown hook closes it.
			this.logger.debug("Cannot register the embedded Kafka broker in " + context.getClass().getName()
					+ "; it stops when the JVM exits");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
