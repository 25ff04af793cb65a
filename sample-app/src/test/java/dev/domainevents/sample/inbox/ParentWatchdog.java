/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Halts the JVM of a {@link dev.domainevents.sample.SampleApplication} that {@link InboxProcess} started once its
 * standard input closes, that is once the test's JVM is gone, so that the child never outlives the test. Given to the
 * child as {@code --context.initializer.classes}, so that the child runs the application's own main class: a second
 * main class in the tests would leave {@code spring-boot:test-run} unable to choose {@code TestSampleApplication}.
 */
public class ParentWatchdog implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Thread watchdog = new Thread(() -> {
			try {
				InputStream in = System.in;
				while (in.read() >= 0) {
					// The parent never writes: only its end of the pipe closing matters.
				}
			}
			catch (IOException ex) {
				// Closed as well.
			}
			Runtime.getRuntime().halt(3);
		}, "parent-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

}
