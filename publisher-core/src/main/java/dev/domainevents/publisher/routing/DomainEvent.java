/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a domain event and tells where it goes. A topic configured for the class in
 * {@code domain-events.publisher.topics} takes precedence, so that operators can move events without a release.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DomainEvent {

	/**
	 * The topic to publish this event to; empty for the configured default topic.
	 * @return the topic
	 */
	String topic() default "";

	/**
	 * The CloudEvents type ({@code ce_type}); empty for the class's fully qualified name.
	 * @return the type
	 */
	String type() default "";

}
