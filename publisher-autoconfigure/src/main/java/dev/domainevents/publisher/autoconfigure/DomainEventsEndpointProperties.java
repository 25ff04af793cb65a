/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.domainevents.publisher.actuate.DomainEventsEndpoint;

/**
 * Configuration of the {@link DomainEventsEndpoint}, as Boot's {@code configprops} and {@code env} endpoints have
 * theirs.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.endpoint.domainevents")
public class DomainEventsEndpointProperties {

	/**
	 * When to show the producer's property values unsanitized.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown unsanitized values. When empty, all
	 * authenticated users are authorized.
	 */
	private final Set<String> roles = new HashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
