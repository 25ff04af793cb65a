/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.lang.annotation.Annotation;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link WithKafkaBroker}: starts the broker and creates the
 * {@linkplain WithKafkaBroker#topics() topics} before the class's tests, and resolves {@link KafkaBroker} and
 * {@link ProcessKafkaBroker} parameters.
 * <p>
 * What ends a broker lives in extension-context stores, which close {@link AutoCloseable} values when their context
 * ends: for a shared broker, the run's lease in the root store (the broker closes when the run ended and no Spring
 * application context holds it any more), for a dedicated one, its closing in the store of the annotated class
 * (closed after the class).
 *
 * @since 0.1.0
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

	private static final String DEDICATED_KEY = "dedicated broker";

	private static final String AUTOWIRED = "org.springframework.beans.factory.annotation.Autowired";

	/** Called by JUnit. */
	public KafkaBrokerExtension() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// Before the tests, and before a Spring application context that is already cached is used again: the topics
		// of this class must exist even if the context was built for another class.
		broker(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return (type == KafkaBroker.class || type == ProcessKafkaBroker.class) && !isAutowired(parameterContext);
	}

	/**
	 * Whether Spring's extension resolves the parameter, from the broker bean of the application context (the same
	 * broker): two resolvers of one parameter would fail the test. Compared by name: Spring is optional.
	 */
	private static boolean isAutowired(ParameterContext parameterContext) {
		for (Annotation annotation : parameterContext.getParameter().getAnnotations()) {
			if (annotation.annotationType().getName().equals(AUTOWIRED)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		KafkaBroker broker = broker(extensionContext);
		Class<?> type = parameterContext.getParameter().getType();
		if (!type.isInstance(broker)) {
			throw new ParameterResolutionException("The shared broker is a " + broker.getClass().getSimpleName()
					+ ", not a " + type.getSimpleName() + ": use @WithKafkaBroker(dedicated = true) for a broker that "
					+ "can be killed, paused and restarted");
		}
		return broker;
	}

	private static KafkaBroker broker(ExtensionContext context) {
		ExtensionContext owner = annotatedClassContext(context);
		BrokerSettings settings = BrokerSettings.of(annotation(owner));
		KafkaBroker broker;
		if (settings.dedicated()) {
			Class<?> ownerClass = owner.getRequiredTestClass();
			owner.getStore(NAMESPACE)
				.computeIfAbsent(DEDICATED_KEY, (key) -> new DedicatedBrokerClosing(ownerClass),
						DedicatedBrokerClosing.class);
			broker = BrokerRegistry.dedicated(ownerClass, settings);
		}
		else {
			broker = context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(settings.sharedKey(), (key) -> BrokerRegistry.lease(settings),
						BrokerRegistry.Lease.class)
				.broker();
		}
		BrokerRegistry.createTopics(broker, settings.topics());
		return broker;
	}

	/**
	 * Finds the context of the innermost class that carries {@link WithKafkaBroker}, so that a {@code @Nested} class
	 * and every method context below it use the same broker; without one (the extension registered by hand), the
	 * innermost class context.
	 */
	private static ExtensionContext annotatedClassContext(ExtensionContext context) {
		@Nullable ExtensionContext innermostClass = null;
		for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent(); current = current.get()
			.getParent()) {
			ExtensionContext candidate = current.get();
			if (isClassContext(candidate)) {
				if (innermostClass == null) {
					innermostClass = candidate;
				}
				if (annotation(candidate) != null) {
					return candidate;
				}
			}
		}
		return (innermostClass != null) ? innermostClass : context;
	}

	private static boolean isClassContext(ExtensionContext context) {
		return context.getTestMethod().isEmpty() && context.getElement().filter(Class.class::isInstance).isPresent();
	}

	private static @Nullable WithKafkaBroker annotation(ExtensionContext context) {
		return context.getTestClass()
			.flatMap((type) -> AnnotationSupport.findAnnotation(type, WithKafkaBroker.class))
			.orElse(null);
	}

	/** Closes a class's dedicated broker when the class's store closes, whoever started it. */
	private record DedicatedBrokerClosing(Class<?> owner) implements AutoCloseable {

		@Override
		public void close() {
			BrokerRegistry.closeDedicated(this.owner);
		}

	}

}
