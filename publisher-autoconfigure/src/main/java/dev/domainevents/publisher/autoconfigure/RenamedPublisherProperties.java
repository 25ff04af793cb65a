/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;

/**
 * The former names of renamed properties. Each still binds, as a deprecated property of
 * {@link DomainEventPublisherProperties}, and the configuration metadata names its replacement; this logs one warning
 * at startup for each former name that is set, with its replacement and where it was set, since Boot's
 * {@code spring-boot-properties-migrator} reports the renames of Boot's own properties only. When both names are set,
 * the new one applies.
 */
final class RenamedPublisherProperties {

	private static final Log logger = LogFactory.getLog(RenamedPublisherProperties.class);

	// Former name to new name.
	private static final Map<String, String> RENAMED = Map.of("domain-events.publisher.max-block",
			"domain-events.publisher.overflow-timeout");

	private RenamedPublisherProperties() {
	}

	/**
	 * Logs a warning for each former name set in the environment.
	 * @param environment where the properties come from
	 */
	static void warnAboutFormerNames(Environment environment) {
		RENAMED.forEach((formerName, newName) -> {
			ConfigurationProperty former = PublisherSettingProperties.find(environment, formerName);
			if (former != null) {
				logger.warn(message(former, formerName, newName,
						PublisherSettingProperties.find(environment, newName) != null));
			}
		});
	}

	private static String message(ConfigurationProperty former, String formerName, String newName, boolean newNameSet) {
		String origin = (former.getOrigin() != null) ? " (" + former.getOrigin() + ")" : "";
		if (newNameSet) {
			return "Property '" + formerName + "'" + origin + " is deprecated and ignored, as '" + newName
					+ "' is set too: remove it";
		}
		return "Property '" + formerName + "'" + origin + " is deprecated: use '" + newName + "' instead";
	}

	/**
	 * Returns the former name of a property.
	 * @param newName the property's name
	 * @return its former name, or {@code null} if it was not renamed
	 */
	static @Nullable String formerName(String newName) {
		for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
			if (renamed.getValue().equals(newName)) {
				return renamed.getKey();
			}
		}
		return null;
	}

}
