/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure.compatibility;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

/**
 * Stops an application that runs on a Spring Boot older than 4 before its context refreshes.
 * <p>
 * On Spring Boot 3 the starter's class path is a mix that cannot work: Boot 3's dependency management downgrades
 * spring-kafka and kafka-clients, while the Boot 4 modules the starter needs (spring-boot-kafka, spring-boot-jackson)
 * stay at 4.x, and Boot 3 reads their auto-configurations. The first sign would be an obscure
 * {@code Could not find class [org.springframework.boot.thread.Threading]} while the context parses them; an
 * initializer runs before that, so the application fails with {@link IncompatibleSpringBootException} and its report
 * instead.
 * <p>
 * Only a version known to be older than 4 fails: an unknown one (a shaded or repackaged jar without Boot's manifest)
 * and any later one pass, as nothing says that they cannot work. Registered in {@code META-INF/spring.factories}, under
 * a key that both Boot 3 and Boot 4 read.
 */
final class SpringBootCompatibilityCheck
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	static final int REQUIRED_MAJOR = 4;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		check(SpringBootVersion.getVersion(), context.getClassLoader());
	}

	// First: before any other initializer touches a context whose configuration cannot be parsed.
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	static void check(@Nullable String springBootVersion, @Nullable ClassLoader classLoader) {
		if (!isSupported(springBootVersion)) {
			throw new IncompatibleSpringBootException(springBootVersion, foundAlongside(classLoader));
		}
	}

	static boolean isSupported(@Nullable String springBootVersion) {
		Integer major = majorOf(springBootVersion);
		return major == null || major >= REQUIRED_MAJOR;
	}

	// "3.5.7", "4.0.0-M1", "4.0.0-SNAPSHOT": the digits before the first dot; null when there are none.
	static @Nullable Integer majorOf(@Nullable String version) {
		if (version == null) {
			return null;
		}
		int end = 0;
		while (end < version.length() && Character.isDigit(version.charAt(end))) {
			end++;
		}
		// No digits, or more than a major has (a build number, a date): nothing to go by.
		if (end == 0 || end > 4) {
			return null;
		}
		return Integer.valueOf(version.substring(0, end));
	}

	// Read on the failure path only: the report names what the application has, so that its author sees which
	// dependency management downgraded what.
	private static String foundAlongside(@Nullable ClassLoader classLoader) {
		return "Spring Framework " + orUnknown(SpringVersion.getVersion()) + ", spring-kafka "
				+ orUnknown(implementationVersion("org.springframework.kafka.KafkaException", classLoader))
				+ ", kafka-clients " + orUnknown(kafkaClientsVersion(classLoader));
	}

	private static @Nullable String implementationVersion(String className, @Nullable ClassLoader classLoader) {
		try {
			return ClassUtils.forName(className, classLoader).getPackage().getImplementationVersion();
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	// kafka-clients has no Implementation-Version; its AppInfoParser reads this resource.
	private static @Nullable String kafkaClientsVersion(@Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		if (loader == null) {
			return null;
		}
		try (InputStream resource = loader.getResourceAsStream("kafka/kafka-version.properties")) {
			if (resource == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(resource);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String orUnknown(@Nullable String version) {
		return (version != null) ? version : "unknown";
	}

}
