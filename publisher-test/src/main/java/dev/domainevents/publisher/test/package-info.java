/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * A real single-node Kafka broker for tests: a KRaft broker in a child JVM that a test can kill, pause, resume and
 * restart on the same port and data ({@link dev.domainevents.publisher.test.ProcessKafkaBroker}), or Testcontainers'
 * Kafka where a Docker engine exists. Start one with {@link dev.domainevents.publisher.test.KafkaBrokers} or let
 * JUnit inject one with {@link dev.domainevents.publisher.test.WithKafkaBroker}, which on a Spring test class also
 * gives the application context the broker as a bean and as its {@code KafkaConnectionDetails}.
 *
 * @since 0.1.0
 */
@org.jspecify.annotations.NullMarked
package dev.domainevents.publisher.test;
