/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.FailureReason;
import dev.domainevents.publisher.PublicationFailedException;
import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.publisher.PublishOutcome;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.sample.inbox.FileResult.Disposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@link FileInbox} does with a file, given each line's outcome, without Kafka: the publisher here answers at
 * once and streams one event at a time, standing in for {@code publishAll}.
 */
class FileInboxTests {

	@TempDir
	Path inbox;

	private final StubPublisher publisher = new StubPublisher();

	private @Nullable FileInbox fileInbox;

	@AfterEach
	void stop() {
		if (this.fileInbox != null) {
			this.fileInbox.stop();
		}
	}

	@Test
	void aFileWhoseLinesAreAllPublishedIsDeleted() throws IOException {
		Path file = write("a.jsonl", "{\"key\":\"k1\",\"n\":1}", "{\"key\":\"k2\",\"n\":2}");
		FileInbox inbox = start(InboxProperties.OnSuccess.DELETE);

		await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));

		assertThat(this.publisher.published.keySet()).containsExactlyInAnyOrder("a.jsonl:1", "a.jsonl:2");
		assertThat(inbox.results()).singleElement().satisfies((result) -> {
			assertThat(result.disposition()).isEqualTo(Disposition.DELETED);
			assertThat(result.published()).isEqualTo(2);
		});
	}

	@Test
	void aFileWhoseLinesAreAllJournaledMovesToDone() throws IOException {
		Path file = write("b.jsonl", "{\"n\":1}");
		this.publisher.answer = (message) -> CompletableFuture.completedFuture(
				PublishReceipt.journaled(String.valueOf(message.eventId()), "inbox-events", 1, Instant.now()));
		FileInbox inbox = start(InboxProperties.OnSuccess.MOVE);

		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(this.inbox.resolve("done/b.jsonl")));

		assertThat(file).doesNotExist();
		assertThat(inbox.results()).singleElement().satisfies((result) -> {
			assertThat(result.disposition()).isEqualTo(Disposition.DONE);
			assertThat(result.journaled()).isEqualTo(1);
		});
	}

	@Test
	void aFileWithARetriableFailureStaysAndTheNextPassPublishesItAgainWithTheSameIds() throws IOException {
		Path file = write("c.jsonl", "{\"n\":1}", "{\"n\":2}");
		this.publisher.answer = (message) -> "c.jsonl:2".equals(message.eventId())
				? CompletableFuture.failedFuture(new PublicationFailedException(FailureReason.DELIVERY_TIMEOUT, null,
						null, message, true, true))
				: CompletableFuture.completedFuture(receipt(message));
		FileInbox inbox = start(InboxProperties.OnSuccess.DELETE);

		await().atMost(Duration.ofSeconds(10)).until(() -> inbox.results().size() >= 2);
		assertThat(file).exists();
		assertThat(inbox.results()).allSatisfy((result) -> {
			assertThat(result.disposition()).isEqualTo(Disposition.KEPT);
			assertThat(result.retriableFailures()).isEqualTo(1);
			assertThat(result.failedLines()).isEmpty();
		});

		this.publisher.answer = (message) -> CompletableFuture.completedFuture(receipt(message));
		await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
		assertThat(this.publisher.published).containsOnlyKeys("c.jsonl:1", "c.jsonl:2");
		assertThat(this.publisher.attempts).filteredOn("c.jsonl:1"::equals).hasSizeGreaterThan(1);
	}

	@Test
	void aFileWithAPoisonLineMovesToFailedWithAReportAndItsOtherLinesArePublished() throws IOException {
		write("d.jsonl", "{\"n\":1}", "not json at all", "{\"n\":3}", "[\"an array\"]");
		FileInbox inbox = start(InboxProperties.OnSuccess.DELETE);

		Path report = this.inbox.resolve("failed/d.jsonl" + FileInbox.REPORT_SUFFIX);
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(this.inbox.resolve("failed/d.jsonl")));

		assertThat(this.publisher.published).containsOnlyKeys("d.jsonl:1", "d.jsonl:3");
		assertThat(Files.readAllLines(report)).containsExactly("file: d.jsonl",
				"lines: 4, published: 2, journaled: 0, failed: 2",
				"line 2 (ce_id d.jsonl:2): INVALID_EVENT: " + inbox.results().get(0).failedLines().get(0).message(),
				"line 4 (ce_id d.jsonl:4): INVALID_EVENT: not a JSON object");
		assertThat(inbox.results().get(0).failedLines().get(0).message()).startsWith("not JSON: ");
		assertThat(inbox.results()).singleElement()
			.satisfies((result) -> assertThat(result.disposition()).isEqualTo(Disposition.FAILED));
	}

	@Test
	void filesThatDoNotEndInJsonlAreLeftAlone() throws IOException {
		Path partial = write("e.jsonl.tmp", "{\"n\":1}");
		Path next = write("f.jsonl", "{\"n\":1}");
		start(InboxProperties.OnSuccess.DELETE);

		await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(next));

		assertThat(partial).exists();
		assertThat(this.publisher.published).containsOnlyKeys("f.jsonl:1");
	}

	private FileInbox start(InboxProperties.OnSuccess onSuccess) {
		InboxProperties properties = new InboxProperties(this.inbox, "inbox-events", "key",
				"dev.domainevents.sample.InboxEvent", Duration.ofMillis(20), 4, Duration.ofMillis(10),
				Duration.ofMillis(50), onSuccess);
		FileInbox inbox = new FileInbox(this.publisher, properties, JsonMapper.builder().build());
		this.fileInbox = inbox;
		inbox.start();
		return inbox;
	}

	private Path write(String name, String... lines) throws IOException {
		return Files.write(this.inbox.resolve(name), List.of(lines));
	}

	private static PublishReceipt receipt(EventMessage message) {
		return new PublishReceipt(String.valueOf(message.eventId()), "inbox-events", 0, 0, Instant.now());
	}

	/**
	 * Answers each event with a chosen, already completed future; its {@code publishAll} publishes one event at a
	 * time, which is all an immediate answer needs.
	 */
	static class StubPublisher implements DomainEventPublisher {

		final Map<String, EventMessage> published = new ConcurrentHashMap<>();

		final List<String> attempts = new CopyOnWriteArrayList<>();

		volatile Function<EventMessage, CompletableFuture<PublishReceipt>> answer = (message) -> CompletableFuture
			.completedFuture(receipt(message));

		@Override
		public CompletableFuture<PublishReceipt> publish(@Nullable Object event) {
			return publish((event instanceof EventMessage message) ? message : EventMessage.of(event));
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(EventMessage message) {
			this.attempts.add(String.valueOf(message.eventId()));
			if (message.event() == null) {
				return CompletableFuture.failedFuture(new PublicationFailedException(FailureReason.INVALID_EVENT,
						"the event is null", null, message, false, false));
			}
			CompletableFuture<PublishReceipt> result = this.answer.apply(message);
			result.thenAccept((receipt) -> this.published.put(String.valueOf(message.eventId()), message));
			return result;
		}

		@Override
		public <E> Flow.Publisher<PublishOutcome<E>> publishAll(Flow.Publisher<? extends E> events,
				PublishAllOptions options) {
			return (downstream) -> events.subscribe(new Flow.Subscriber<E>() {

				private long sequence;

				private Flow.@Nullable Subscription upstream;

				@Override
				public void onSubscribe(Flow.Subscription subscription) {
					this.upstream = subscription;
					downstream.onSubscribe(new Flow.Subscription() {
						@Override
						public void request(long n) {
						}

						@Override
						public void cancel() {
							subscription.cancel();
						}
					});
					subscription.request(1);
				}

				@Override
				public void onNext(E event) {
					long position = this.sequence++;
					CompletableFuture<PublishReceipt> outcome = publish(event);
					PublishReceipt receipt = outcome.exceptionally((error) -> null).join();
					if (receipt != null) {
						downstream.onNext(PublishOutcome.succeeded(event, position, receipt));
					}
					else {
						PublicationFailedException failure = (PublicationFailedException) outcome
							.handle((ok, error) -> error)
							.join();
						downstream.onNext(PublishOutcome.failed(event, position, failure));
					}
					this.upstream.request(1);
				}

				@Override
				public void onError(Throwable error) {
					downstream.onError(error);
				}

				@Override
				public void onComplete() {
					downstream.onComplete();
				}

			});
		}

	}

}
