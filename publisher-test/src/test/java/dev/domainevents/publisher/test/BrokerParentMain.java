/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts a broker, prints its pid and data directory, and waits to be killed: the parent whose death
 * {@link OrphanedBrokerIntegrationTests} causes.
 */
final class BrokerParentMain {

	static final String PID_PREFIX = "BROKER_PID=";

	static final String DATA_DIRECTORY_PREFIX = "BROKER_DATA_DIRECTORY=";

	private BrokerParentMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		ProcessKafkaBroker broker = KafkaBrokers.process().start();
		System.out.println(DATA_DIRECTORY_PREFIX + broker.dataDirectory());
		System.out.println(PID_PREFIX + broker.pid());
		System.out.flush();
		// Never counted down: this JVM lives until the test kills it.
		new CountDownLatch(1).await();
	}

}
