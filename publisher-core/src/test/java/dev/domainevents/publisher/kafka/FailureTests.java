/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.util.concurrent.CompletionException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException.Level;

import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.kafka.EventLifecycle.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the client's errors and the stage an event was decided in become a reason, retriability and "possibly
 * written".
 */
class FailureTests {

	@Test
	void anErrorThrownBySendMeansTheRecordWasNotWritten() {
		Failure failure = Failure.thrownBySend(new RecordTooLargeException("too large"));

		assertThat(failure.reason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
		assertThat(failure.retriable()).isFalse();
		assertThat(failure.possiblyWritten()).isFalse();
	}

	@Test
	void aTimeoutReportedByTheCallbackMayHaveBeenWrittenAndIsRetriable() {
		Failure failure = Failure.reportedByCallback(new TimeoutException("Expiring 1 record(s) for orders-0"));

		assertThat(failure.reason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(failure.retriable()).isTrue();
		assertThat(failure.possiblyWritten()).isTrue();
	}

	@Test
	void aRefusalByTheBrokerWasNotWritten() {
		Failure denied = Failure.reportedByCallback(new TopicAuthorizationException("Not authorized"));

		assertThat(denied.reason()).isEqualTo(FailureReason.AUTHORIZATION);
		assertThat(denied.retriable()).isFalse();
		assertThat(denied.possiblyWritten()).isFalse();
	}

	@Test
	void aRetriableErrorTheReasonsDoNotNameIsOtherAndRetriable() {
		Failure failure = Failure.reportedByCallback(new NotLeaderOrFollowerException("moved"));

		assertThat(failure.reason()).isEqualTo(FailureReason.OTHER);
		assertThat(failure.retriable()).isTrue();
	}

	@Test
	void theWrappersAroundTheClientsErrorAreStripped() {
		TimeoutException cause = new TimeoutException("Topic orders not present in metadata after 50 ms.");
		Throwable wrapped = new CompletionException(
				new org.springframework.kafka.KafkaException("Send failed", Level.ERROR, new KafkaException(cause)));

		assertThat(Failure.unwrap(wrapped)).isSameAs(cause);
	}

	@Test
	void aFullBufferIsNotAMissingTopic() {
		BufferExhaustedException full = new BufferExhaustedException("Failed to allocate memory");

		assertThat(Failure.isBufferFull(full)).isTrue();
		assertThat(Failure.isWaitForMetadata(full)).isFalse();
		assertThat(Failure.isWaitForMetadata(new TimeoutException("not present in metadata"))).isTrue();
	}

	@Test
	void onlyErrorsThatCanBreakTheProducerForGoodAskForItsReplacement() {
		assertThat(Failure.isFatalForProducer(new ClusterAuthorizationException("denied"))).isTrue();
		assertThat(Failure.isFatalForProducer(new TopicAuthorizationException("denied"))).isFalse();
	}

	@Test
	void anExpiredEventIsPossiblyWrittenOnlyIfTheProducerHadIt() {
		assertThat(Failure.expired(Stage.QUEUED, false).possiblyWritten()).isFalse();
		assertThat(Failure.expired(Stage.PARKED, false).reason()).isEqualTo(FailureReason.TOPIC_UNAVAILABLE);
		assertThat(Failure.expired(Stage.PARKED, true).reason()).isEqualTo(FailureReason.DELIVERY_TIMEOUT);
		assertThat(Failure.expired(Stage.SENDING, false).possiblyWritten()).isTrue();
		assertThat(Failure.expired(Stage.IN_FLIGHT, true).possiblyWritten()).isTrue();
	}

	@Test
	void anEventFailedByTheShutdownIsPossiblyWrittenOnlyIfTheProducerHadIt() {
		assertThat(Failure.shutDown(Stage.QUEUED).possiblyWritten()).isFalse();
		assertThat(Failure.shutDown(Stage.PARKED).possiblyWritten()).isFalse();
		assertThat(Failure.shutDown(Stage.IN_FLIGHT).possiblyWritten()).isTrue();
		assertThat(Failure.shutDown(Stage.IN_FLIGHT).reason()).isEqualTo(FailureReason.SHUTTING_DOWN);
	}

}
