/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FileLines} reads a line only when it is asked for one.
 */
class FileLinesTests {

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final FileLines.Counters counters = new FileLines.Counters();

	@TempDir
	Path directory;

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void aLargeFileIsReadNoFurtherThanTheDemand() throws IOException {
		Path file = write("big.jsonl", IntStream.rangeClosed(1, 50_000).mapToObj((i) -> "{\"n\":" + i + "}").toList());
		Recorder recorder = subscribe(file);

		recorder.subscription().request(10);
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.items.size() == 10);
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> recorder.items.size() == 10);
		assertThat(this.counters.linesRead()).isEqualTo(10);
		assertThat(recorder.items).first().isEqualTo("1:{\"n\":1}");

		recorder.subscription().request(5);
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.items.size() == 15);
		assertThat(this.counters.requests()).isEqualTo(2);
		assertThat(this.counters.requested()).isEqualTo(15);
		assertThat(recorder.completed).isFalse();
	}

	@Test
	void blankLinesAreSkippedButKeepTheirNumbers() throws IOException {
		Path file = write("gaps.jsonl", List.of("a", "", "  ", "b"));
		Recorder recorder = subscribe(file);

		recorder.subscription().request(Long.MAX_VALUE);

		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.completed);
		assertThat(recorder.items).containsExactly("1:a", "4:b");
	}

	@Test
	void aSubscriberThatRequestsFromOnNextGetsEveryLineInOrder() throws IOException {
		Path file = write("one-by-one.jsonl", IntStream.rangeClosed(1, 1000).mapToObj(Integer::toString).toList());
		Recorder recorder = new Recorder() {
			@Override
			public void onNext(String item) {
				super.onNext(item);
				subscription().request(1);
			}
		};
		new FileLines<>(file, this.executor, (number, line) -> number + ":" + line, this.counters).subscribe(recorder);

		recorder.subscription().request(1);

		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.completed);
		assertThat(recorder.items).hasSize(1000).startsWith("1:1").endsWith("1000:1000");
	}

	@Test
	void aRequestOfZeroIsAnError() throws IOException {
		Recorder recorder = subscribe(write("zero.jsonl", List.of("a")));

		recorder.subscription().request(0);

		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.error != null);
		assertThat(recorder.error).isInstanceOf(IllegalArgumentException.class);
		assertThat(recorder.items).isEmpty();
	}

	@Test
	void aMissingFileIsAnErrorOfTheStream() {
		Recorder recorder = subscribe(this.directory.resolve("gone.jsonl"));

		recorder.subscription().request(1);

		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.error != null);
		assertThat(recorder.error).isInstanceOf(IOException.class);
	}

	@Test
	void cancellingStopsTheReading() throws IOException {
		Recorder recorder = subscribe(write("cancel.jsonl", List.of("a", "b", "c")));

		recorder.subscription().request(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.items.size() == 1);
		recorder.subscription().cancel();
		recorder.subscription().request(2);

		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> recorder.items.size() == 1);
		assertThat(recorder.completed).isFalse();
	}

	private Recorder subscribe(Path file) {
		Recorder recorder = new Recorder();
		new FileLines<>(file, this.executor, (number, line) -> number + ":" + line, this.counters).subscribe(recorder);
		return recorder;
	}

	private Path write(String name, List<String> lines) throws IOException {
		return Files.write(this.directory.resolve(name), lines);
	}

	static class Recorder implements Flow.Subscriber<String> {

		final List<String> items = new CopyOnWriteArrayList<>();

		volatile boolean completed;

		volatile @Nullable Throwable error;

		private volatile Flow.@Nullable Subscription subscription;

		Flow.Subscription subscription() {
			Flow.Subscription current = this.subscription;
			assertThat(current).isNotNull();
			return current;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(String item) {
			this.items.add(item);
		}

		@Override
		public void onError(Throwable throwable) {
			this.error = throwable;
		}

		@Override
		public void onComplete() {
			this.completed = true;
		}

	}

}
