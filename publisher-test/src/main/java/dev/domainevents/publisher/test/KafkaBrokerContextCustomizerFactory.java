/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Gives the application context of a Spring test class that carries {@link WithKafkaBroker} the class's broker, as
 * Spring Boot's {@code @ServiceConnection} support gives it a container: registered in {@code META-INF/spring.factories},
 * which Spring's TestContext framework reads and nothing else does, so a project without Spring never loads it.
 */
class KafkaBrokerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Class<?> owner = annotatedClass(testClass);
		if (owner == null) {
			return null;
		}
		BrokerSettings settings = settings(owner);
		return new KafkaBrokerContextCustomizer(settings, settings.dedicated() ? owner : null);
	}

	/**
	 * Finds the class whose {@link WithKafkaBroker} applies, as {@link KafkaBrokerExtension} does: the test class if
	 * it carries the annotation (declared, inherited or as a meta-annotation), else the nearest enclosing class of a
	 * {@code @Nested} one that does.
	 * @param testClass the test class
	 * @return the class that carries the annotation, or {@code null} if none does
	 */
	static @Nullable Class<?> annotatedClass(Class<?> testClass) {
		for (Class<?> candidate = testClass; candidate != null; candidate = enclosingOfNested(candidate)) {
			if (annotation(candidate).isPresent()) {
				return candidate;
			}
		}
		return null;
	}

	static BrokerSettings settings(Class<?> annotatedClass) {
		return BrokerSettings.of(annotation(annotatedClass).orElse(null));
	}

	private static @Nullable Class<?> enclosingOfNested(Class<?> type) {
		return (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) ? type.getEnclosingClass() : null;
	}

	private static Optional<WithKafkaBroker> annotation(Class<?> type) {
		return AnnotationSupport.findAnnotation(type, WithKafkaBroker.class);
	}

}
