/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Reactive Streams TCK ({@link OutcomeStreamTck}, TestNG) from the JUnit build: every required rule must
 * pass, with futures completed at once and on other threads, and each rule the TCK skips must be one listed here with the reason it cannot apply.
 */
class OutcomeStreamTckTests {

	// The TCK skips these itself; each reason says why the rule does not apply to this stream.
	private static final Map<String, String> NOT_APPLICABLE = new TreeMap<>(Map.of(
			"untested_spec106_mustConsiderSubscriptionCancelledAfterOnErrorOrOnCompleteHasBeenCalled",
			"untested in the TCK itself", "untested_spec107_mustNotEmitFurtherSignalsOnceOnErrorHasBeenSignalled",
			"untested in the TCK itself", "untested_spec108_possiblyCanceledSubscriptionShouldNotReceiveOnErrorOrOnCompleteSignals",
			"untested in the TCK itself", "untested_spec109_subscribeShouldNotThrowNonFatalThrowable",
			"untested in the TCK itself", "untested_spec110_rejectASubscriptionRequestIfTheSameSubscriberSubscribesTwice",
			"untested in the TCK itself", "untested_spec304_requestShouldNotPerformHeavyComputations",
			"untested in the TCK itself", "untested_spec305_cancelMustNotSynchronouslyPerformHeavyComputation",
			"untested in the TCK itself"));

	@Test
	void everyRequiredRuleOfTheReactiveStreamsTckPasses() {
		TestNG testng = new TestNG(false);
		testng.setTestClasses(new Class<?>[] { OutcomeStreamTck.class, OutcomeStreamTck.Async.class });
		testng.setUseDefaultListeners(false);
		testng.setVerbose(0);
		TestListenerAdapter results = new TestListenerAdapter();
		testng.addListener(results);

		testng.run();

		List<String> failures = new ArrayList<>();
		for (ITestResult failure : results.getFailedTests()) {
			failures.add(failure.getName() + ": " + failure.getThrowable());
		}
		List<String> skipped = new ArrayList<>();
		for (ITestResult skip : results.getSkippedTests()) {
			skipped.add(skip.getName());
		}
		System.out.printf("[tck] %d passed, %d failed, %d skipped: %s%n", results.getPassedTests().size(),
				failures.size(), skipped.size(), skipped);
		assertThat(failures).as("TCK rules failed").isEmpty();
		assertThat(results.getPassedTests()).as("TCK rules passed, of both verifications").hasSizeGreaterThan(60);
		assertThat(skipped).as("TCK rules skipped, each with its reason here").allSatisfy(
				(name) -> assertThat(NOT_APPLICABLE).as("reason for skipping %s", name).containsKey(name));
	}

}
