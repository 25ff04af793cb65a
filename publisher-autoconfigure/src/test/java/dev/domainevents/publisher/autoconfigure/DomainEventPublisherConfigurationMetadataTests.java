/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE shows: the defaults of the publisher's own settings, which the configuration
 * processor cannot read from the builder's constants, are written in {@code additional-spring-configuration-metadata
 * .json}; this keeps them equal to the builder's, the one source of the values in effect. It also checks that every
 * property is described, that a renamed property is deprecated with its replacement, and that the keys of the
 * {@code topics} and {@code producer} maps are hinted.
 */
class DomainEventPublisherConfigurationMetadataTests {

	@Test
	void theMetadataGivesTheBuildersDefaultsForThePublishersOwnSettings() throws IOException {
		Map<String, JsonNode> defaults = defaultValues();
		assertThat(defaults.get("domain-events.publisher.overflow-policy").asString())
			.isEqualToIgnoringCase(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_POLICY.name());
		assertThat(DurationStyle.detectAndParse(defaults.get("domain-events.publisher.overflow-timeout").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT);
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
	void theMetadataGivesTheBuildersJournalDefaults() throws IOException {
		Map<String, JsonNode> defaults = defaultValues();
		assertThat(defaults.get("domain-events.publisher.journal.mode").asString())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MODE.name().toLowerCase(Locale.ROOT));
		assertThat(DataSize.parse(defaults.get("domain-events.publisher.journal.max-bytes").asString()).toBytes())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MAX_BYTES);
		assertThat(DurationStyle
			.detectAndParse(defaults.get("domain-events.publisher.journal.replay.initial-backoff").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_INITIAL_BACKOFF);
		assertThat(DurationStyle
			.detectAndParse(defaults.get("domain-events.publisher.journal.replay.max-backoff").asString()))
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_MAX_BACKOFF);
		assertThat(defaults).doesNotContainKey("domain-events.publisher.journal.directory");
	}

	@Test
	void theMetadataDescribesTheJournalPropertiesAndEveryJournalMode() throws IOException {
		Map<String, JsonNode> properties = properties();
		assertThat(properties).containsKeys("domain-events.publisher.journal.mode",
				"domain-events.publisher.journal.directory", "domain-events.publisher.journal.max-bytes",
				"domain-events.publisher.journal.replay.initial-backoff",
				"domain-events.publisher.journal.replay.max-backoff");
		properties.forEach((name, property) -> {
			if (name.startsWith("domain-events.publisher.journal.")) {
				assertThat(property.path("description").asString()).as(name).isNotBlank();
			}
		});
		assertThat(properties.get("domain-events.publisher.journal.directory").get("type").asString())
			.isEqualTo(Path.class.getName());
		assertThat(properties.get("domain-events.publisher.journal.max-bytes").get("type").asString())
			.isEqualTo(DataSize.class.getName());
		List<String> modes = new ArrayList<>();
		JsonNode hint = hints().get("domain-events.publisher.journal.mode");
		assertThat(hint).as("the journal mode's hint").isNotNull();
		for (JsonNode value : hint.path("values")) {
			modes.add(value.get("value").asString());
			assertThat(value.path("description").asString()).as(value.toString()).isNotBlank();
		}
		assertThat(modes).containsExactlyElementsOf(Arrays.stream(JournalMode.values())
			.map((mode) -> mode.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList());
	}

	@Test
	void everyPublisherPropertyHasADescription() throws IOException {
		Map<String, JsonNode> properties = properties();
		assertThat(properties).hasSizeGreaterThan(25);
		properties.forEach((name, property) -> assertThat(property.path("description").asString()).as(name)
			.isNotBlank());
	}

	@Test
	void theFormerNameMaxBlockIsDeprecatedWithOverflowTimeoutAsItsReplacement() throws IOException {
		JsonNode maxBlock = properties().get("domain-events.publisher.max-block");
		assertThat(maxBlock).as("max-block").isNotNull();
		assertThat(maxBlock.path("deprecated").asBoolean()).isTrue();
		JsonNode deprecation = maxBlock.path("deprecation");
		assertThat(deprecation.path("replacement").asString()).isEqualTo("domain-events.publisher.overflow-timeout");
		assertThat(deprecation.path("since").asString()).isEqualTo("0.1.0");
		assertThat(deprecation.path("level").asString("warning")).isEqualTo("warning");
		assertThat(deprecation.path("reason").asString()).contains("max.block.ms");
		JsonNode overflowTimeout = properties().get("domain-events.publisher.overflow-timeout");
		assertThat(overflowTimeout.path("deprecated").asBoolean()).isFalse();
		assertThat(overflowTimeout.path("type").asString()).isEqualTo(Duration.class.getName());
	}

	@Test
	void computedDefaultsAreDescribedRatherThanGivenAsAValue() throws IOException {
		Map<String, JsonNode> properties = properties();
		for (String computed : List.of("source", "shutdown-timeout", "in-flight.max-bytes")) {
			JsonNode property = properties.get("domain-events.publisher." + computed);
			assertThat(property.has("defaultValue")).as(computed).isFalse();
			assertThat(property.path("description").asString()).as(computed).containsIgnoringCase("default");
		}
	}

	@Test
	void theKeysOfTopicsAreHintedAsClassNames() throws IOException {
		JsonNode hint = hints().get("domain-events.publisher.topics.keys");
		assertThat(hint).as("the topics' keys hint").isNotNull();
		JsonNode classReference = hint.path("providers").get(0);
		assertThat(classReference.path("name").asString()).isEqualTo("class-reference");
		assertThat(classReference.path("parameters").path("target").asString()).isEqualTo(Object.class.getName());
		assertThat(properties().get("domain-events.publisher.topics").path("description").asString())
			.contains("simple name");
	}

	@Test
	void theKeysOfProducerAreHintedAsDescribedProducerConfigNames() throws IOException {
		JsonNode hint = hints().get("domain-events.publisher.producer.keys");
		assertThat(hint).as("the producer's keys hint").isNotNull();
		List<String> names = new ArrayList<>();
		for (JsonNode value : hint.path("values")) {
			names.add(value.get("value").asString());
			assertThat(value.path("description").asString()).as(value.toString()).isNotBlank();
		}
		assertThat(names).containsAll(List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.LINGER_MS_CONFIG,
				ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG,
				ProducerConfig.BUFFER_MEMORY_CONFIG, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
				ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.RETRIES_CONFIG, ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
				"security.protocol"));
		// Names the producer does not know would be a trap in an IDE's completion.
		assertThat(ProducerConfig.configNames()).containsAll(names);
		// Other keys stay allowed: the hint only suggests.
		assertThat(hint.path("providers").get(0).path("name").asString()).isEqualTo("any");
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
		assertThat(properties.getOverflowTimeout())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_OVERFLOW_TIMEOUT);
		assertThat(properties.getDeliveryTimeout()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_DELIVERY_TIMEOUT);
		assertThat(properties.getMetadataWait()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_METADATA_WAIT);
		assertThat(properties.getJournal().getMode()).isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MODE);
		assertThat(properties.getJournal().getDirectory()).isNull();
		assertThat(properties.getJournal().getMaxBytes().toBytes())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_JOURNAL_MAX_BYTES);
		assertThat(properties.getJournal().getReplay().getInitialBackoff())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_INITIAL_BACKOFF);
		assertThat(properties.getJournal().getReplay().getMaxBackoff())
			.isEqualTo(KafkaDomainEventPublisherBuilder.DEFAULT_REPLAY_MAX_BACKOFF);
	}

	private static Map<String, JsonNode> defaultValues() throws IOException {
		Map<String, JsonNode> defaults = new HashMap<>();
		properties().forEach((name, property) -> {
			if (property.has("defaultValue")) {
				defaults.put(name, property.get("defaultValue"));
			}
		});
		return defaults;
	}

	private static Map<String, JsonNode> properties() throws IOException {
		return metadata("properties");
	}

	private static Map<String, JsonNode> hints() throws IOException {
		return metadata("hints");
	}

	// Every Boot module has metadata of its own: only this module's properties are kept.
	private static Map<String, JsonNode> metadata(String group) throws IOException {
		Map<String, JsonNode> byName = new HashMap<>();
		Enumeration<URL> metadataFiles = DomainEventPublisherConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL metadataFile : Collections.list(metadataFiles)) {
			try (InputStream metadata = metadataFile.openStream()) {
				for (JsonNode item : new JsonMapper().readTree(metadata).path(group)) {
					String name = item.get("name").asString();
					if (name.startsWith("domain-events.publisher.")) {
						byName.put(name, item);
					}
				}
			}
		}
		return byName;
	}

}
