/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the settings of {@link KafkaDomainEventPublisherBuilder} that need no publisher: the overflow timeout and
 * its former name, and the producer's {@code delivery.timeout.ms} derived from the delivery timeout.
 */
class KafkaDomainEventPublisherBuilderTests {

	@Test
	void theOverflowTimeoutDefaultsToOneSecond() {
		assertThat(KafkaDomainEventPublisher.builder().overflowTimeout)
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT)
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	@SuppressWarnings("deprecation")
	void theDeprecatedMaxBlockSetsTheOverflowTimeout() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder().maxBlock(Duration.ofMillis(300));
		assertThat(builder.overflowTimeout).isEqualTo(Duration.ofMillis(300));
		assertThat(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_BLOCK)
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT);
	}

	@Test
	void aNegativeOverflowTimeoutIsRefusedUnderItsNewName() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.bootstrapServers("localhost:19092")
			.overflowTimeout(Duration.ofMillis(-1));
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("overflowTimeout must not be negative");
	}

	@Test
	void theProducersDeliveryTimeoutIsTheDeliveryTimeout() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.deliveryTimeout(Duration.ofMinutes(2));
		assertThat(PublisherAssembly.ownedProducerConfig(builder))
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
	}

	@Test
	void theProducersDeliveryTimeoutIsRaisedToLingerPlusRequestTimeoutAsTheProducerRequires() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.deliveryTimeout(Duration.ofSeconds(10))
			.producerProperty(ProducerConfig.LINGER_MS_CONFIG, "20")
			.producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
		assertThat(PublisherAssembly.ownedProducerConfig(builder))
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_020);
	}

	@Test
	void aDeliveryTimeoutMsSetInTheProducerPropertiesWinsForTheProducer() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.deliveryTimeout(Duration.ofSeconds(30))
			.producerProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
		assertThat(PublisherAssembly.ownedProducerConfig(builder))
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
	}

}
