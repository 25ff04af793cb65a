/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the application context of a class with a {@linkplain WithKafkaBroker#dedicated() dedicated} broker after
 * the class, before {@link KafkaBrokerExtension} closes the broker: Spring's context cache would otherwise keep a
 * context whose broker is gone until the JVM ends. Registered in {@code META-INF/spring.factories}.
 */
class KafkaBrokerTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// Among Spring's own listeners, after DirtiesContextTestExecutionListener (3000), like it.
		return 3100;
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		Class<?> owner = KafkaBrokerContextCustomizerFactory.annotatedClass(testContext.getTestClass());
		if (owner != null && KafkaBrokerContextCustomizerFactory.settings(owner).dedicated()) {
			testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
		}
	}

}
