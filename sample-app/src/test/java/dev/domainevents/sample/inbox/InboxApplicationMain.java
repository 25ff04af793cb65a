/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.io.InputStream;

import dev.domainevents.sample.SampleApplication;

/**
 * The sample application as {@link FileInboxIntegrationTests} runs it in a child JVM, to kill it with
 * {@code kill -9}: {@link SampleApplication} itself, plus a watchdog that halts this JVM when its standard input
 * closes, that is when the test's JVM is gone, so that it never outlives the test.
 */
public final class InboxApplicationMain {

	private InboxApplicationMain() {
	}

	public static void main(String[] args) {
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
		SampleApplication.main(args);
	}

}
