/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

import dev.domainevents.publisher.kafka.KafkaDomainEventPublisherBuilder;

/**
 * Names the property behind a setting that {@link KafkaDomainEventPublisherBuilder#build()} rejected. The builder is
 * the one place that validates the publisher's settings; this only turns its refusal of a value that came from
 * {@code domain-events.publisher.*} into Boot's {@link InvalidConfigurationPropertyValueException}, whose failure
 * analysis shows the property, the value as written and where it was written. A journal mode other than {@code off}
 * without a directory is reported against {@code domain-events.publisher.journal.directory}, the property to set.
 */
final class PublisherSettingProperties {

	// The builder's messages start with the name of the setting they refuse.
	private static final Map<String, String> PROPERTY_BY_SETTING = Map.ofEntries(
			Map.entry("maxQueuedEvents", "domain-events.publisher.queue.max-events"),
			Map.entry("maxQueuedBytes", "domain-events.publisher.queue.max-bytes"),
			Map.entry("parkedSharePerTopic", "domain-events.publisher.queue.parked-share-per-topic"),
			Map.entry("maxInFlightBytes", "domain-events.publisher.in-flight.max-bytes"),
			Map.entry("overflowTimeout", "domain-events.publisher.overflow-timeout"),
			Map.entry("deliveryTimeout", "domain-events.publisher.delivery-timeout"),
			Map.entry("metadataWait", "domain-events.publisher.metadata-wait"),
			Map.entry("journalMaxBytes", "domain-events.publisher.journal.max-bytes"),
			Map.entry("replayInitialBackoff", "domain-events.publisher.journal.replay.initial-backoff"),
			Map.entry("replayMaxBackoff", "domain-events.publisher.journal.replay.max-backoff"));

	static final String JOURNAL_MODE = "domain-events.publisher.journal.mode";

	static final String JOURNAL_DIRECTORY = "domain-events.publisher.journal.directory";

	// The one refusal of a setting that is missing rather than out of range: it starts with no setting's name.
	private static final String JOURNAL_DIRECTORY_REQUIRED = "a journal directory is required";

	private PublisherSettingProperties() {
	}

	/**
	 * Returns the failure to throw for the builder's refusal.
	 * @param refusal what the builder threw
	 * @param environment where the properties come from
	 * @return an {@link InvalidConfigurationPropertyValueException} when the refused setting came from a property,
	 * otherwise (a customizer set it) the refusal itself, which names the builder's setting
	 */
	static RuntimeException translate(IllegalArgumentException refusal, Environment environment) {
		String message = refusal.getMessage();
		if (message != null && message.startsWith(JOURNAL_DIRECTORY_REQUIRED)) {
			return missingJournalDirectory(refusal, environment);
		}
		int space = (message != null) ? message.indexOf(' ') : -1;
		if (space < 0) {
			return refusal;
		}
		String property = PROPERTY_BY_SETTING.get(message.substring(0, space));
		ConfigurationProperty configured = (property != null) ? find(environment, property) : null;
		String formerName = (property != null) ? RenamedPublisherProperties.formerName(property) : null;
		if (configured == null && formerName != null) {
			// The value came from the former name: name that, as it is what the user wrote.
			configured = find(environment, formerName);
			property = formerName;
		}
		if (configured == null) {
			return refusal;
		}
		return new InvalidConfigurationPropertyValueException(property, configured.getValue(),
				message.substring(space + 1));
	}

	// Names the directory, the property to set; the mode is named with its value as written, and where.
	private static RuntimeException missingJournalDirectory(IllegalArgumentException refusal,
			Environment environment) {
		ConfigurationProperty mode = find(environment, JOURNAL_MODE);
		if (mode == null) {
			return refusal;
		}
		// Written but empty, it binds as no directory.
		ConfigurationProperty directory = find(environment, JOURNAL_DIRECTORY);
		String origin = (mode.getOrigin() != null) ? " (" + mode.getOrigin() + ")" : "";
		return new InvalidConfigurationPropertyValueException(JOURNAL_DIRECTORY,
				(directory != null) ? directory.getValue() : null,
				"a directory is required when " + JOURNAL_MODE + " is '" + mode.getValue() + "'" + origin
						+ "; set it to a directory on local disk that only this instance uses, or set the mode "
						+ "to 'off'");
	}

	static @Nullable ConfigurationProperty find(Environment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty configured = source.getConfigurationProperty(name);
			if (configured != null) {
				return configured;
			}
		}
		return null;
	}

}
