/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Replaces the application's {@code DomainEventPublisher} with a {@link RecordingDomainEventPublisher} bean in a
 * Spring test ({@code @SpringBootTest}, or a slice such as {@code @WebMvcTest}, which has no publisher of its own).
 * The starter's Kafka publisher backs off; a {@code DomainEventPublisher} bean the application defines itself wins
 * over the recording one. The recording publisher is {@linkplain RecordingDomainEventPublisher#reset() reset} after
 * each test method, so that tests sharing a cached context do not see each other's events and rules.
 * <p>
 * The starter's health indicator, meters and endpoint back off with its publisher. Where Spring Boot's health support
 * is present, a {@code domainEventPublisher} health indicator that is always up takes the indicator's place, so that a
 * health group that names it ({@code include: domainEventPublisher}) still starts.
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureRecordingDomainEventPublisher
 * class OrderServiceTests {
 *     @Autowired RecordingDomainEventPublisher publisher;
 *     @Test void placesAnOrder() { ...; assertThat(publisher).hasPublished(OrderPlaced.class); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration({ RecordingDomainEventPublisherAutoConfiguration.class,
		RecordingDomainEventPublisherHealthAutoConfiguration.class })
public @interface AutoConfigureRecordingDomainEventPublisher {

}
