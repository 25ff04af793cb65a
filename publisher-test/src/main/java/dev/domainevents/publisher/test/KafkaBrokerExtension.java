/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link WithKafkaBroker}: resolves {@link KafkaBroker} and
 * {@link ProcessKafkaBroker} parameters.
 * <p>
 * Brokers live in extension-context stores, which close {@link AutoCloseable} values when their context ends: a
 * shared broker in the root store (closed when the test run ends), a dedicated one in the store of the annotated
 * class (closed after the class). Both start on the first parameter that needs them.
 *
 * @since 0.1.0
 */
public final class KafkaBrokerExtension implements ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

	private static final String DEDICATED_KEY = "dedicated broker";

	/** Called by JUnit. */
	public KafkaBrokerExtension() {
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == KafkaBroker.class || type == ProcessKafkaBroker.class;
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
		if (settings.dedicated()) {
			return owner.getStore(NAMESPACE)
				.computeIfAbsent(DEDICATED_KEY, (key) -> settings.startDedicated(), ProcessKafkaBroker.class);
		}
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(settings.sharedKey(), (key) -> settings.startShared(), KafkaBroker.class);
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

}
