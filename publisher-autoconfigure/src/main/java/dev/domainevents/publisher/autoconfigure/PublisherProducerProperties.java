/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The publisher's producer properties, merged in this order, later wins:
 * <ol>
 * <li>{@code spring.kafka.*} and {@code spring.kafka.producer.*}, as Boot builds them for its own producer;</li>
 * <li>the {@link KafkaConnectionDetails}: bootstrap servers, security protocol and SSL bundle (so Testcontainers'
 * {@code @ServiceConnection} and SSL bundles work);</li>
 * <li>the publisher's own: no {@code transactional.id} (the publisher is not transactional), no {@code acks} nor
 * {@code enable.idempotence} from Boot's template settings (so the builder's {@code acks=all} and idempotence apply),
 * and a distinct {@code client.id} (the application's with {@code -domain-events} appended);</li>
 * <li>{@code domain-events.publisher.producer.*}.</li>
 * </ol>
 * The builder then adds its defaults and forces what it must: byte-array serializers and {@code max.block.ms} =
 * {@code domain-events.publisher.metadata-wait}. Those values live in the builder alone.
 */
final class PublisherProducerProperties {

	static final String CLIENT_ID_SUFFIX = "-domain-events";

	private PublisherProducerProperties() {
	}

	/**
	 * The properties of an admin client on the same cluster with the same security: Boot's admin properties and the
	 * connection details, as Boot's own {@code KafkaAdmin} gets them.
	 */
	static Map<String, Object> admin(KafkaProperties kafkaProperties,
			@Nullable KafkaConnectionDetails connectionDetails) {
		Map<String, Object> properties = kafkaProperties.buildAdminProperties();
		if (connectionDetails != null) {
			KafkaConnectionDetails.Configuration admin = connectionDetails.getAdmin();
			properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, admin.getBootstrapServers());
			if (StringUtils.hasLength(admin.getSecurityProtocol())) {
				properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, admin.getSecurityProtocol());
			}
			SslBundle sslBundle = admin.getSslBundle();
			if (sslBundle != null) {
				properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
				properties.put(SslBundle.class.getName(), sslBundle);
			}
		}
		properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "domain-events-health");
		return properties;
	}

	static Map<String, Object> merge(KafkaProperties kafkaProperties,
			@Nullable KafkaConnectionDetails connectionDetails, DomainEventPublisherProperties publisherProperties,
			@Nullable String applicationName) {
		Map<String, Object> properties = kafkaProperties.buildProducerProperties();
		if (connectionDetails != null) {
			KafkaConnectionDetails.Configuration producer = connectionDetails.getProducer();
			properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, producer.getBootstrapServers());
			if (StringUtils.hasLength(producer.getSecurityProtocol())) {
				properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, producer.getSecurityProtocol());
			}
			SslBundle sslBundle = producer.getSslBundle();
			if (sslBundle != null) {
				properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
				properties.put(SslBundle.class.getName(), sslBundle);
			}
		}
		properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		// Boot's producer settings serve the application's own template; the publisher's order per key, with no
		// duplicates from retries, rests on the builder's acks=all and idempotence.
		properties.remove(ProducerConfig.ACKS_CONFIG);
		properties.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
		Object clientId = properties.get(ProducerConfig.CLIENT_ID_CONFIG);
		String baseClientId = (clientId != null) ? clientId.toString() : applicationName;
		if (StringUtils.hasText(baseClientId)) {
			properties.put(ProducerConfig.CLIENT_ID_CONFIG,
					baseClientId.endsWith(CLIENT_ID_SUFFIX) ? baseClientId : baseClientId + CLIENT_ID_SUFFIX);
		}
		properties.putAll(publisherProperties.getProducer());
		return properties;
	}

}
