/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared broker, whichever kind {@link KafkaBrokers#BROKER_PROPERTY} selects. */
@WithKafkaBroker
class SharedKafkaBrokerIntegrationTests {

	private final KafkaBroker broker;

	SharedKafkaBrokerIntegrationTests(KafkaBroker broker) {
		this.broker = broker;
	}

	@Test
	void aHundredRecordsProducedToThreePartitionsAreAllConsumed() throws Exception {
		String topic = "shared-a-hundred-records";
		this.broker.createTopic(topic, 3);
		List<String> sent = IntStream.range(0, 100).mapToObj((i) -> "record-" + i).toList();
		try (KafkaProducer<String, String> producer = TestClients.producer(this.broker, Map.of())) {
			List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
			for (String value : sent) {
				acknowledgements.add(producer.send(new ProducerRecord<>(topic, value, value)));
			}
			for (Future<RecordMetadata> acknowledgement : acknowledgements) {
				acknowledgement.get(30, TimeUnit.SECONDS);
			}
		}
		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume(topic, 100, TestClients.seconds(30));
		assertThat(TestClients.values(records)).containsExactlyInAnyOrderElementsOf(sent);
		assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2).contains(0, 1, 2);
	}

	@Test
	void theConstructorAndTheTestMethodGetTheSameSharedBroker(KafkaBroker broker) {
		assertThat(broker).isSameAs(this.broker);
		assertThat(broker.isRunning()).isTrue();
	}

	@Test
	void theSharedBrokerCreatesNoTopicsOnItsOwnAndHasOneOffsetsPartition(KafkaBroker broker) throws Exception {
		assertThat(TestClients.brokerConfig(broker, "auto.create.topics.enable")).isEqualTo("false");
		assertThat(TestClients.brokerConfig(broker, "offsets.topic.num.partitions")).isEqualTo("1");
	}

	@Nested
	class WhenNested {

		@Test
		void aNestedClassGetsTheSameSharedBroker(KafkaBroker broker) {
			assertThat(broker).isSameAs(SharedKafkaBrokerIntegrationTests.this.broker);
		}

	}

}
