/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of a {@link ProcessKafkaBroker}: what a single-node KRaft broker needs, the tests'
 * overrides on top, and the file itself.
 * <p>
 * Written by this JVM rather than assembled by the child, so that a failed start leaves the exact configuration in the
 * data directory to read, next to the log.
 */
final class ServerProperties {

	private static final String HOST = BrokerPorts.HOST;

	private ServerProperties() {
	}

	/**
	 * Returns the broker's properties, in the order they are written.
	 * @param ports the broker's ports
	 * @param logDirectory the directory of the broker's partitions ({@code log.dirs})
	 * @param autoCreateTopics {@code auto.create.topics.enable}
	 * @param overrides properties that win over these defaults, listeners included
	 * @return the properties
	 */
	static Map<String, String> of(BrokerPorts ports, Path logDirectory, boolean autoCreateTopics,
			Map<String, String> overrides) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@" + HOST + ":" + ports.controller());
		properties.put("listeners", "PLAINTEXT://" + HOST + ":" + ports.clients() + ",CONTROLLER://" + HOST + ":"
				+ ports.controller());
		properties.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + ports.clients());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		properties.put("log.dirs", logDirectory.toString());
		// One node: every internal topic must do with one replica, and few partitions start faster.
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
		properties.putAll(overrides);
		if (ports.proxied()) {
			addProxiedListener(properties, ports);
		}
		return properties;
	}

	/**
	 * Adds the PROXIED listener: the broker listens on a port of its own and advertises the proxy's, so that a client
	 * that bootstraps through the proxy is sent back to it for every later connection (metadata answers with the
	 * addresses of the listener the request came in on), while the PLAINTEXT listener stays direct for the broker's
	 * own clients. Plain text whatever the PLAINTEXT listener uses: a listener-specific setting (SASL's JAAS
	 * configuration, say) would not apply to it.
	 */
	private static void addProxiedListener(Map<String, String> properties, BrokerPorts ports) {
		properties.merge("listeners", "PROXIED://" + HOST + ":" + ports.proxiedListener(), (a, b) -> a + "," + b);
		properties.merge("advertised.listeners", "PROXIED://" + HOST + ":" + ports.proxy(), (a, b) -> a + "," + b);
		properties.merge("listener.security.protocol.map", "PROXIED:PLAINTEXT", (a, b) -> a + "," + b);
	}

	/**
	 * Writes the properties in the format {@link java.util.Properties#load(java.io.Reader)} reads, as Kafka does.
	 * @param file the file to write
	 * @param properties the properties
	 * @throws IOException if the file cannot be written
	 */
	static void write(Path file, Map<String, String> properties) throws IOException {
		Files.writeString(file, toText(properties), StandardCharsets.ISO_8859_1);
	}

	static String toText(Map<String, String> properties) {
		StringBuilder text = new StringBuilder();
		properties.forEach((key, value) -> text.append(escape(key, true)).append('=').append(escape(value, false))
			.append('\n'));
		return text.toString();
	}

	private static String escape(String text, boolean key) {
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '=', ':', '#', '!' -> escaped.append(key ? "\\" + c : String.valueOf(c));
				case ' ' -> escaped.append((key || i == 0) ? "\\ " : " ");
				default -> {
					if (c < 0x20 || c > 0x7E) {
						// Plain ASCII, whatever charset reads the file (Kafka reads ISO 8859-1).
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
