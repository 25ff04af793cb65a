/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.test.KafkaBroker;

/**
 * The setup and teardown the integration tests share, registered on an instance field with
 * {@code @RegisterExtension}: before each test, a topic of its own named after the test method; a builder with the
 * broker's address and the class's defaults; every publisher built remembered and closed after the test, since each
 * owns threads and a producer and must not outlive its test; an admin client closed with them.
 * <p>
 * Its {@code afterEach} runs after the class's own {@code @AfterEach} methods, so a class that resumes a paused
 * broker there does so before its publishers close. A class that must do something after they closed (restart a
 * killed broker, destroy a producer factory it gave) calls {@link #closePublishers()} itself first: closing twice
 * does nothing more.
 */
final class PublisherFixture implements BeforeEachCallback, AfterEachCallback {

	private final Supplier<? extends KafkaBroker> broker;

	private final List<KafkaDomainEventPublisher> publishers = new ArrayList<>();

	private @Nullable String topicPrefix;

	private int partitions;

	private Consumer<KafkaDomainEventPublisherBuilder> defaults = (builder) -> {
	};

	private Supplier<String> bootstrapServers;

	private Duration closeTimeout = Duration.ofSeconds(10);

	private @Nullable String topic;

	private @Nullable Admin admin;

	private PublisherFixture(Supplier<? extends KafkaBroker> broker) {
		this.broker = broker;
		this.bootstrapServers = () -> broker().bootstrapServers();
	}

	/** A fixture on the broker a test class was given, by {@code @WithKafkaBroker} for example. */
	static PublisherFixture on(KafkaBroker broker) {
		Objects.requireNonNull(broker, "broker");
		return new PublisherFixture(() -> broker);
	}

	/** A fixture on a broker a test class starts itself, in a {@code @BeforeAll} method: looked up when used. */
	static PublisherFixture on(Supplier<? extends KafkaBroker> broker) {
		return new PublisherFixture(broker);
	}

	/** Creates a topic named {@code prefix-testMethod} before each test: see {@link #topic()}. */
	PublisherFixture topicPerTest(String prefix, int partitions) {
		this.topicPrefix = prefix;
		this.partitions = partitions;
		return this;
	}

	/** Where the publishers connect, when not to the broker's own listener (a proxy's, for example). */
	PublisherFixture bootstrapServers(Supplier<String> bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		return this;
	}

	/** What every publisher of the class gets before the test's own customizer. */
	PublisherFixture defaults(Consumer<KafkaDomainEventPublisherBuilder> defaults) {
		this.defaults = this.defaults.andThen(defaults);
		return this;
	}

	/**
	 * Routes every {@link OrderPlaced} to the test's topic, keyed by its customer; other events have no route.
	 * @param eventType the CloudEvents type, or {@code null} for the default
	 */
	PublisherFixture routingOrdersToTheTopic(@Nullable String eventType) {
		return defaults((builder) -> builder.router((event) -> (event instanceof OrderPlaced order)
				? new EventRoute(topic(), order.customerId(), eventType) : null));
	}

	/** How long each publisher's {@code close()} may take after a test. */
	PublisherFixture closeTimeout(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
		return this;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.topicPrefix != null) {
			this.topic = this.topicPrefix + "-" + context.getRequiredTestMethod().getName();
			broker().createTopic(this.topic, this.partitions);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		closePublishers();
	}

	KafkaBroker broker() {
		return Objects.requireNonNull(this.broker.get(), "no broker yet");
	}

	/** The current test's own topic. */
	String topic() {
		return Objects.requireNonNull(this.topic, "no topic per test: see topicPerTest");
	}

	/** A builder with the broker's address and the class's defaults, not yet built. */
	KafkaDomainEventPublisherBuilder builder() {
		KafkaDomainEventPublisherBuilder builder = KafkaDomainEventPublisher.builder()
			.bootstrapServers(this.bootstrapServers.get());
		this.defaults.accept(builder);
		return builder;
	}

	/** A publisher with the class's defaults and then the test's own settings, closed after the test. */
	KafkaDomainEventPublisher publisher(Consumer<KafkaDomainEventPublisherBuilder> customizer) {
		KafkaDomainEventPublisherBuilder builder = builder();
		customizer.accept(builder);
		return build(builder);
	}

	/** Builds a publisher the test set up itself (with a producer factory of its own, say), closed after the test. */
	KafkaDomainEventPublisher build(KafkaDomainEventPublisherBuilder builder) {
		KafkaDomainEventPublisher publisher = builder.build();
		this.publishers.add(publisher);
		return publisher;
	}

	/** An admin client on the broker, closed after the test. */
	Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers()));
		}
		return this.admin;
	}

	/** Reads back a topic from its beginning on the broker's own listener. */
	List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout) {
		return broker().consume(topic, expectedCount, timeout);
	}

	/** Closes every publisher built so far, and the admin client. */
	void closePublishers() {
		try {
			this.publishers.forEach((publisher) -> publisher.close(this.closeTimeout));
		}
		finally {
			this.publishers.clear();
			if (this.admin != null) {
				this.admin.close(Duration.ofSeconds(5));
				this.admin = null;
			}
		}
	}

}
