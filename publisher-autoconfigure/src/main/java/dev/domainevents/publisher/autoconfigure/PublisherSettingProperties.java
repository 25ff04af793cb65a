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
 * analysis shows the property, the value as written and where it was written.
 */
final class PublisherSettingProperties {

	// The builder's messages start with the name of the setting they refuse.
	private static final Map<String, String> PROPERTY_BY_SETTING = Map.of(
			"maxQueuedEvents", "domain-events.publisher.queue.max-events",
			"maxQueuedBytes", "domain-events.publisher.queue.max-bytes",
			"parkedSharePerTopic", "domain-events.publisher.queue.parked-share-per-topic",
			"maxInFlightBytes", "domain-events.publisher.in-flight.max-bytes",
			"maxBlock", "domain-events.publisher.max-block",
			"deliveryTimeout", "domain-events.publisher.delivery-timeout",
			"metadataWait", "domain-events.publisher.metadata-wait");

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
		int space = (message != null) ? message.indexOf(' ') : -1;
		if (space < 0) {
			return refusal;
		}
		String property = PROPERTY_BY_SETTING.get(message.substring(0, space));
		ConfigurationProperty configured = (property != null) ? find(environment, property) : null;
		if (configured == null) {
			return refusal;
		}
		return new InvalidConfigurationPropertyValueException(property, configured.getValue(),
				message.substring(space + 1));
	}

	private static @Nullable ConfigurationProperty find(Environment environment, String property) {
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
