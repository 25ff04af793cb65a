/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * SASL/PLAIN authentication and ACL authorization for a {@link ProcessKafkaBroker}: a fixed set of users and
 * passwords, Kafka's {@code StandardAuthorizer}, and {@value #ADMIN} as the only super user, which the broker's own
 * clients (readiness check, {@code createTopic}, {@code consume}) and its inter-broker and controller traffic use.
 * Every other user may do nothing until it is granted ACLs.
 * <pre>{@code
 * SaslPlain sasl = SaslPlain.users(Map.of("alice", "alice-secret"));
 * try (ProcessKafkaBroker broker = sasl.configure(KafkaBrokers.process()).start()) {
 *     broker.createTopic("orders", 3);
 *     sasl.grantWrite(broker, "alice", "orders");
 *     Map<String, Object> aliceConfig = sasl.clientProperties("alice");   // plus bootstrap.servers
 * }
 * }</pre>
 * Both listeners, the clients' one and the controller's, require SASL/PLAIN, so that no unauthenticated principal
 * ({@code User:ANONYMOUS}) has to be a super user for the broker to register with its own controller. The client
 * listener keeps its name {@code PLAINTEXT} (its port is only chosen when the broker starts) and is mapped to the
 * {@code SASL_PLAINTEXT} protocol; this replaces {@code listener.security.protocol.map}.
 *
 * @since 0.1.0
 */
public final class SaslPlain {

	/** The super user's name. */
	public static final String ADMIN = "admin";

	/** The authorizer of KRaft clusters, which keeps ACLs in the cluster metadata. */
	public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

	private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

	private static final Duration ACL_TIMEOUT = Duration.ofSeconds(30);

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Map<String, String> passwords;

	private SaslPlain(Map<String, String> passwords) {
		this.passwords = Collections.unmodifiableMap(passwords);
	}

	/**
	 * Returns the configuration for these users and {@value #ADMIN}, whose password is {@code admin-secret} unless
	 * the map gives one.
	 * @param users passwords by user name; names and passwords may not contain quotes, backslashes or semicolons
	 * @return the configuration
	 */
	public static SaslPlain users(Map<String, String> users) {
		Map<String, String> passwords = new LinkedHashMap<>();
		passwords.put(ADMIN, users.getOrDefault(ADMIN, "admin-secret"));
		users.forEach((user, password) -> passwords.put(requireJaasSafe(user), requireJaasSafe(password)));
		return new SaslPlain(passwords);
	}

	/**
	 * Returns the users and their passwords, {@value #ADMIN} first.
	 * @return passwords by user name
	 */
	public Map<String, String> passwords() {
		return this.passwords;
	}

	/**
	 * Returns the broker properties that turn on SASL/PLAIN on both listeners and the {@code StandardAuthorizer}.
	 * @return the broker properties
	 */
	public Map<String, String> brokerProperties() {
		String jaas = jaasConfig(ADMIN, true);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT,PLAINTEXT:SASL_PLAINTEXT");
		properties.put("sasl.enabled.mechanisms", "PLAIN");
		properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
		properties.put("sasl.mechanism.controller.protocol", "PLAIN");
		// One JAAS section per listener: its user_<name> entries are the accounts the server side accepts, and its
		// username and password what the broker presents when it connects to that listener itself.
		properties.put("listener.name.plaintext.plain.sasl.jaas.config", jaas);
		properties.put("listener.name.controller.plain.sasl.jaas.config", jaas);
		properties.put("authorizer.class.name", STANDARD_AUTHORIZER);
		properties.put("super.users", "User:" + ADMIN);
		return properties;
	}

	/**
	 * Returns the client properties that authenticate as a user: {@code security.protocol}, {@code sasl.mechanism}
	 * and {@code sasl.jaas.config}. Add {@code bootstrap.servers}.
	 * @param user a user of this configuration
	 * @return the client properties
	 * @throws IllegalArgumentException if the user is unknown
	 */
	public Map<String, Object> clientProperties(String user) {
		return Map.copyOf(clientStringProperties(user));
	}

	/**
	 * Adds the broker properties, and the admin's client properties for the broker's own clients, to a builder.
	 * @param builder the builder
	 * @return the same builder
	 */
	public ProcessKafkaBroker.Builder configure(ProcessKafkaBroker.Builder builder) {
		builder.brokerProperties(brokerProperties());
		clientStringProperties(ADMIN).forEach(builder::clientProperty);
		return builder;
	}

	/**
	 * Grants a user {@code WRITE} on a topic (which implies {@code DESCRIBE}, so it also sees the topic's metadata)
	 * and waits until the broker enforces it.
	 * @param broker a broker configured by this object
	 * @param user the user
	 * @param topic the topic name
	 */
	public void grantWrite(KafkaBroker broker, String user, String topic) {
		createAcls(broker, List.of(allow(user, AclOperation.WRITE, new ResourcePattern(ResourceType.TOPIC, topic,
				PatternType.LITERAL))));
	}

	/**
	 * Returns an ACL that allows a user an operation on a resource from any host.
	 * @param user the user
	 * @param operation the operation, for example {@link AclOperation#WRITE}
	 * @param resource the resource, for example a literal topic name
	 * @return the ACL
	 */
	public static AclBinding allow(String user, AclOperation operation, ResourcePattern resource) {
		return new AclBinding(resource,
				new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
	}

	/**
	 * Creates ACLs as {@value #ADMIN}, then waits until the broker lists each one. {@code CreateAcls} returns once the
	 * controller committed them; the broker's authorizer applies them from its metadata a moment later, and
	 * {@code DescribeAcls}, answered by that authorizer, shows when it has.
	 * @param broker a broker configured by this object
	 * @param acls the ACLs
	 * @throws IllegalStateException if they cannot be created or do not take effect within 30 seconds
	 */
	public void createAcls(KafkaBroker broker, Collection<AclBinding> acls) {
		long deadline = System.nanoTime() + ACL_TIMEOUT.toNanos();
		try (Admin admin = BrokerClients.admin(broker.bootstrapServers(), clientStringProperties(ADMIN),
				Duration.ofSeconds(10))) {
			admin.createAcls(acls).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			List<AclBinding> missing = new ArrayList<>(acls);
			while (!missing.isEmpty()) {
				missing.removeAll(admin.describeAcls(AclBindingFilter.ANY).values().get());
				if (missing.isEmpty()) {
					return;
				}
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(
							"ACLs created but not in force within " + ACL_TIMEOUT + ": " + missing);
				}
				LockSupport.parkNanos(RETRY_NANOS);
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create ACLs " + acls + ": " + ex.getCause(), ex.getCause());
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Could not create ACLs " + acls + " within " + ACL_TIMEOUT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating ACLs " + acls, ex);
		}
	}

	private Map<String, String> clientStringProperties(String user) {
		if (!this.passwords.containsKey(user)) {
			throw new IllegalArgumentException("Unknown user '" + user + "'; known: " + this.passwords.keySet());
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
		properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, false));
		return properties;
	}

	private String jaasConfig(String user, boolean withAccounts) {
		StringBuilder jaas = new StringBuilder(LOGIN_MODULE).append(" required username=\"")
			.append(user)
			.append("\" password=\"")
			.append(this.passwords.get(user))
			.append('"');
		if (withAccounts) {
			this.passwords.forEach((name, password) -> jaas.append(" user_")
				.append(name)
				.append("=\"")
				.append(password)
				.append('"'));
		}
		return jaas.append(';').toString();
	}

	private static String requireJaasSafe(String text) {
		Objects.requireNonNull(text, "user names and passwords must not be null");
		if (text.isEmpty() || text.chars().anyMatch((c) -> c == '"' || c == '\\' || c == ';' || c == '=' || c <= ' ')) {
			throw new IllegalArgumentException("'" + text
					+ "' cannot appear in a JAAS configuration: use a non-empty name without quotes, backslashes, "
					+ "semicolons, equals signs or spaces");
		}
		return text;
	}

}
