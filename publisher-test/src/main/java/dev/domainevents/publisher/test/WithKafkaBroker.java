/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker: parameters of type {@link KafkaBroker} (or {@link ProcessKafkaBroker}) in
 * its constructor and its {@code @BeforeAll}, {@code @BeforeEach}, {@code @Test} and other methods are resolved to it,
 * and the {@link #topics()} exist before its tests run.
 * <pre>{@code
 * @WithKafkaBroker(topics = "orders:3")
 * class OrderEventsIntegrationTests {
 *
 *     @Test
 *     void publishedEventsReachTheTopic(KafkaBroker broker) {
 *         // ... produce to broker.bootstrapServers(), then:
 *         assertThat(broker.consume("orders", 100, Duration.ofSeconds(30))).hasSize(100);
 *     }
 * }
 *
 * @WithKafkaBroker(dedicated = true, brokerProperties = "message.max.bytes=2097152")
 * class BrokerOutageIntegrationTests {
 *
 *     @Test
 *     void eventsSurviveABrokerCrash(ProcessKafkaBroker broker) {
 *         broker.kill();
 *         broker.restart();
 *     }
 * }
 * }</pre>
 * Without {@link #dedicated()}, every class of the test run with the same {@link #brokerProperties()} and
 * {@link #autoCreateTopics()} shares one broker, started when first needed; its kind follows
 * {@link KafkaBrokers#BROKER_PROPERTY}. Such tests must not harm it (no kill, pause or stop) and should use topic
 * names of their own. A dedicated broker is started for the class alone, is always a {@link ProcessKafkaBroker}, and
 * is closed after the class; {@code @Nested} classes share their enclosing class's.
 * <h2>In a Spring test</h2>
 * On a Spring test class ({@code @SpringBootTest} and the like, where {@code spring-test} is on the class path), the
 * application context gets the broker as a bean ({@code @Autowired KafkaBroker broker}) and, where Spring Boot's
 * Kafka support is present, a {@code KafkaConnectionDetails} bean that points at it: Boot's Kafka clients, and the
 * domain event publisher, connect to it without any {@code spring.kafka.bootstrap-servers}, as with a Testcontainers
 * {@code @ServiceConnection}.
 * <pre>{@code
 * @SpringBootTest
 * @WithKafkaBroker(topics = "orders:3")
 * class OrderServiceIntegrationTests {
 *
 *     @Autowired
 *     KafkaBroker broker;
 * }
 * }</pre>
 * Classes of the same broker settings may share an application context, as Spring's context cache allows; a shared
 * broker stays up as long as an application context uses it, and is closed after the last one closed, when the JVM
 * ends at the latest. A class with a dedicated broker gets an application context of its own, closed after the class
 * and before its broker.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface WithKafkaBroker {

	/**
	 * Whether the class gets a broker of its own, a {@link ProcessKafkaBroker}, for tests that kill, pause, stop or
	 * restart it.
	 * @return whether the broker is dedicated to the class
	 */
	boolean dedicated() default false;

	/**
	 * Broker properties as {@code key=value}, for example {@code "message.max.bytes=2097152"}.
	 * @return the broker properties
	 */
	String[] brokerProperties() default {};

	/**
	 * Whether the broker creates unknown topics on first use ({@code auto.create.topics.enable}).
	 * @return whether topics are auto-created
	 */
	boolean autoCreateTopics() default false;

	/**
	 * Topics to create before the class's tests, as {@code name} (one partition) or {@code name:partitions}, for
	 * example {@code "orders:3"}. A topic that exists already is left as it is. On a Spring test class they exist
	 * before its application context starts.
	 * @return the topics
	 */
	String[] topics() default {};

}
