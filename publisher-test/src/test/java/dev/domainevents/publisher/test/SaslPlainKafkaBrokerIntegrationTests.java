/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A {@link ProcessKafkaBroker} configured by {@link SaslPlain}: it starts, its own clients authenticate as the
 * admin, and other users get exactly what their ACLs allow.
 */
class SaslPlainKafkaBrokerIntegrationTests {

	private static final SaslPlain sasl = SaslPlain.users(Map.of("alice", "alice-secret", "bob", "bob-secret"));

	private static ProcessKafkaBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = sasl.configure(KafkaBrokers.process()).start();
	}

	@AfterAll
	static void closeBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void theAdminCreatesTopicsAndReadsThemBack() throws Exception {
		broker.createTopic("admin-topic", 2);
		sasl.grantWrite(broker, "alice", "admin-topic");
		try (KafkaProducer<String, String> alice = producer("alice", "alice-secret")) {
			TestClients.sendAndWait(alice, "admin-topic", "hello");
		}

		assertThat(TestClients.values(broker.consume("admin-topic", 1, Duration.ofSeconds(30))))
			.containsExactly("hello");
	}

	@Test
	void aUserWithoutAnAclIsDeniedTheTopicAndCannotCreateOne() throws Exception {
		broker.createTopic("alice-denied", 1);
		try (KafkaProducer<String, String> alice = producer("alice", "alice-secret")) {
			ExecutionException denied = catchThrowableOfType(ExecutionException.class,
					() -> TestClients.sendAndWait(alice, "alice-denied", "nope"));
			assertThat(denied).hasCauseInstanceOf(TopicAuthorizationException.class);
		}
		try (Admin alice = Admin.create(clientConfig("alice", "alice-secret"))) {
			ExecutionException denied = catchThrowableOfType(ExecutionException.class,
					() -> alice.createTopics(List.of(new NewTopic("alice-own", 1, (short) 1)))
						.all()
						.get(30, TimeUnit.SECONDS));
			assertThat(denied).hasCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void aWrongPasswordFailsAuthentication() {
		try (KafkaProducer<String, String> mallory = producer("alice", "wrong")) {
			ExecutionException failed = catchThrowableOfType(ExecutionException.class,
					() -> TestClients.sendAndWait(mallory, "admin-topic", "nope"));
			assertThat(failed).hasCauseInstanceOf(SaslAuthenticationException.class);
		}
	}

	private static KafkaProducer<String, String> producer(String user, String password) {
		Map<String, Object> config = clientConfig(user, password);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		return TestClients.producer(broker, config);
	}

	private static Map<String, Object> clientConfig(String user, String password) {
		// Built by hand rather than with sasl.clientProperties(user), so that a wrong password can be given.
		Map<String, Object> config = new HashMap<>(sasl.clientProperties(user));
		config.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
				+ user + "\" password=\"" + password + "\";");
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		return config;
	}

}
