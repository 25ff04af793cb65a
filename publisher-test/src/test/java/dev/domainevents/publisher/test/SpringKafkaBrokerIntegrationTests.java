/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WithKafkaBroker} on a {@code @SpringBootTest}: the application context's Kafka clients reach the shared
 * broker through the {@link KafkaConnectionDetails} it gets, with no {@code spring.kafka.bootstrap-servers}.
 */
@SpringBootTest(classes = SpringKafkaBrokerIntegrationTests.Application.class)
@WithKafkaBroker(topics = "spring-orders:3")
class SpringKafkaBrokerIntegrationTests {

	@Autowired
	private KafkaBroker broker;

	@Autowired
	private KafkaConnectionDetails connectionDetails;

	@Autowired
	private KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	private Environment environment;

	@Test
	void theApplicationContextConnectsToTheBrokerThatTheTestGets(KafkaBroker parameter) {
		assertThat(this.broker).isSameAs(parameter);
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
		assertThat(this.connectionDetails.getBootstrapServers()).containsExactly(this.broker.bootstrapServers());
		assertThat(this.connectionDetails.getProducer().getBootstrapServers())
			.containsExactly(this.broker.bootstrapServers());
	}

	@Test
	void aRecordSentWithBootsKafkaTemplateArrivesOnTheTopicOfTheAnnotation() throws Exception {
		assertThat(this.kafkaTemplate.partitionsFor("spring-orders")).hasSize(3);

		SendResult<String, String> sent = this.kafkaTemplate.send("spring-orders", "c-42", "order placed")
			.get(30, TimeUnit.SECONDS);

		assertThat(this.broker.consume("spring-orders", 1, TestClients.seconds(30))).singleElement()
			.satisfies((record) -> {
				assertThat(record.partition()).isEqualTo(sent.getRecordMetadata().partition());
				assertThat(TestClients.values(List.of(record))).containsExactly("order placed");
			})
			.extracting(ConsumerRecord::offset)
			.isEqualTo(sent.getRecordMetadata().offset());
	}

	@Test
	void theSharedBrokerIsTheOneOfPlainJUnitTests(KafkaBroker broker) {
		// SharedKafkaBrokerIntegrationTests asks for the same settings: one broker for the run, whoever asks.
		try (BrokerRegistry.Lease lease = BrokerRegistry.lease(BrokerSettings.DEFAULT)) {
			assertThat(broker).isSameAs(lease.broker());
		}
	}

	@Nested
	class WhenNested {

		@Autowired
		private KafkaBroker nestedBroker;

		@Test
		void aNestedClassGetsTheSameBrokerAndTopics(KafkaBroker broker) {
			assertThat(this.nestedBroker).isSameAs(broker).isSameAs(SpringKafkaBrokerIntegrationTests.this.broker);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(KafkaAutoConfiguration.class)
	static class Application {

	}

}
