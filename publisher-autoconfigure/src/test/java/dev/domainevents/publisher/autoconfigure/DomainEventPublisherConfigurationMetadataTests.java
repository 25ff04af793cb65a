/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE shows: the defaults of the publisher's own settings, which the configuration
 * processor cannot read from the builder's constants, are written in {@code additional-spring-configuration-metadata
 * .json}; this keeps them equal to the builder's, the one source of the values in effect.
 */
class DomainEventPublisherConfigurationMetadataTests {

	@Test
	void theMetadataGivesTheBuildersDefaultsForThePublishersOwnSettings() throws IOException {
		Map<String, JsonNode> defaults = defaultValues();
		assertThat(defaults.get("domain-events.publisher.overflow-policy").asString())
			.isEqualToIgnoringCase(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_POLICY.name());
		assertThat(DurationStyle.detectAndParse(defaults.get("domain-events.publisher.max-block").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_BLOCK);
		assertThat(DurationStyle.detectAndParse(defaults.get("domain-events.publisher.delivery-timeout").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_DELIVERY_TIMEOUT);
		assertThat(DurationStyle.detectAndParse(defaults.get("domain-events.publisher.metadata-wait").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_METADATA_WAIT);
		assertThat(defaults.get("domain-events.publisher.queue.max-events").asInt())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_EVENTS);
		assertThat(DataSize.parse(defaults.get("domain-events.publisher.queue.max-bytes").asString()).toBytes())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_BYTES);
		assertThat(defaults.get("domain-events.publisher.queue.parked-share-per-topic").asDouble())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_PARKED_SHARE_PER_TOPIC);
	}

	@Test
	void thePropertiesStartFromTheBuildersDefaults() {
		DomainEventPublisherProperties properties = new DomainEventPublisherProperties();
		assertThat(properties.getOverflowPolicy()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_POLICY);
		assertThat(properties.getQueue().getMaxEvents())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_EVENTS);
		assertThat(properties.getQueue().getMaxBytes().toBytes())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_QUEUED_BYTES);
		assertThat(properties.getQueue().getParkedSharePerTopic())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_PARKED_SHARE_PER_TOPIC);
		assertThat(properties.getMaxBlock()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_MAX_BLOCK);
		assertThat(properties.getDeliveryTimeout()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_DELIVERY_TIMEOUT);
		assertThat(properties.getMetadataWait()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_METADATA_WAIT);
	}

	// Every Boot module has metadata of its own: only this module's properties are kept.
	private static Map<String, JsonNode> defaultValues() throws IOException {
		Map<String, JsonNode> defaults = new HashMap<>();
		Enumeration<URL> metadataFiles = DomainEventPublisherConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL metadataFile : Collections.list(metadataFiles)) {
			try (InputStream metadata = metadataFile.openStream()) {
				for (JsonNode property : new JsonMapper().readTree(metadata).path("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("domain-events.publisher.") && property.has("defaultValue")) {
						defaults.put(name, property.get("defaultValue"));
					}
				}
			}
		}
		return defaults;
	}

}
