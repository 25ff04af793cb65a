/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test.recording;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets every {@link RecordingDomainEventPublisher} bean after each test method, so that tests sharing a cached
 * context start with nothing recorded and no rules. Registered through {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
public final class RecordingDomainEventPublisherResetTestExecutionListener implements TestExecutionListener, Ordered {

	/** Runs after Spring's own listeners, as Spring Boot's mock reset does. */
	@Override
	public int getOrder() {
		return Integer.MAX_VALUE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(RecordingDomainEventPublisher.class).orderedStream()
			.forEach(RecordingDomainEventPublisher::reset);
	}

}
