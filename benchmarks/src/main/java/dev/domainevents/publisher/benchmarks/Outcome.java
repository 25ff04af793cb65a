/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * Hears how one send ended: called once, on whatever thread completed the future (the producer's network thread for
 * the raw producer and the template, a completion thread for the publisher, or the caller's for a refusal).
 */
@FunctionalInterface
interface Outcome {

	/**
	 * @param error {@code null} if the record was acknowledged, otherwise why it was not
	 */
	void completed(@Nullable Throwable error);

}
