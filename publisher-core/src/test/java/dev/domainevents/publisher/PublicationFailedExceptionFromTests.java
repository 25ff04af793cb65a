/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link PublicationFailedException#from(Throwable)} finds the failure in whatever a future gives.
 */
class PublicationFailedExceptionFromTests {

	private final PublicationFailedException failure = new PublicationFailedException(FailureReason.QUEUE_FULL, null,
			null, EventMessage.of("event").withEventId("event-1"), true, false);

	@Test
	void theFailureItselfIsFound() {
		assertThat(PublicationFailedException.from(this.failure)).containsSame(this.failure);
	}

	@Test
	void theFailureInJoinsCompletionExceptionIsFound() {
		Throwable thrown = catchThrowable(() -> CompletableFuture.failedFuture(this.failure).join());

		assertThat(thrown).isInstanceOf(CompletionException.class);
		assertThat(PublicationFailedException.from(thrown)).containsSame(this.failure);
	}

	@Test
	void theFailureInGetsExecutionExceptionIsFound() {
		Throwable thrown = catchThrowable(() -> CompletableFuture.failedFuture(this.failure).get());

		assertThat(thrown).isInstanceOf(ExecutionException.class);
		assertThat(PublicationFailedException.from(thrown)).containsSame(this.failure);
	}

	@Test
	void theFailureThatADependentStageSeesIsFound() {
		CompletableFuture<Throwable> seen = new CompletableFuture<>();
		CompletableFuture.failedFuture(this.failure)
			.thenApply((receipt) -> receipt)
			.whenComplete((receipt, ex) -> seen.complete(ex));

		assertThat(seen.join()).isInstanceOf(CompletionException.class);
		assertThat(PublicationFailedException.from(seen.join())).containsSame(this.failure);
	}

	@Test
	void theFailureIsFoundAtAnyDepth() {
		Throwable wrapped = new IllegalStateException(
				new CompletionException(new ExecutionException(new RuntimeException(this.failure))));

		assertThat(PublicationFailedException.from(wrapped)).containsSame(this.failure);
	}

	@Test
	void otherErrorsAndNullHaveNoFailure() {
		assertThat(PublicationFailedException.from(new CompletionException(new IllegalStateException("bug"))))
			.isEmpty();
		assertThat(PublicationFailedException.from(null)).isEmpty();
	}

	@Test
	void aCyclicCauseChainEnds() {
		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);

		assertThat(PublicationFailedException.from(first)).isEmpty();
	}

}
