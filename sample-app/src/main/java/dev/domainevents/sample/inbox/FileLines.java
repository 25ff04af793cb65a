/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The lines of a file as a {@link Flow.Publisher} that reads a line only when it is asked for one: a file of any size
 * is never read ahead of demand (beyond the reader's 8 KiB buffer). Each non-blank line is mapped to an element with
 * its number in the file, from 1; blank lines are skipped but keep their number.
 * <p>
 * Signals go out on the given executor, one at a time: {@code request()} only adds to the demand and schedules the
 * reading, so a subscriber that requests from {@code onNext} does not recurse. It may be subscribed to once.
 *
 * @param <T> the type of the elements
 * @since 0.1.0
 */
public final class FileLines<T> implements Flow.Publisher<T> {

	private final Path file;

	private final Executor executor;

	private final LineMapper<T> mapper;

	private final Counters counters;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	/**
	 * Creates the publisher; the file is opened when the first line is asked for.
	 * @param file the file
	 * @param executor where the file is read and the subscriber signalled
	 * @param mapper turns a line and its number into an element; must not throw
	 * @param counters counts lines read and requests, for whoever watches
	 */
	public FileLines(Path file, Executor executor, LineMapper<T> mapper, Counters counters) {
		this.file = file;
		this.executor = executor;
		this.mapper = mapper;
		this.counters = counters;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super T> subscriber) {
		Objects.requireNonNull(subscriber, "subscriber");
		if (!this.subscribed.compareAndSet(false, true)) {
			subscriber.onSubscribe(new Flow.Subscription() {
				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}
			});
			subscriber.onError(new IllegalStateException("The lines of " + this.file + " may be read once"));
			return;
		}
		LineSubscription subscription = new LineSubscription(subscriber);
		subscriber.onSubscribe(subscription);
	}

	/**
	 * Maps a line to an element.
	 * @param <T> the element type
	 */
	@FunctionalInterface
	public interface LineMapper<T> {

		/**
		 * Maps a line.
		 * @param lineNumber its number in the file, from 1
		 * @param line the line, without its terminator
		 * @return the element, never {@code null}
		 */
		T map(long lineNumber, String line);

	}

	/** Counts what subscribers asked for and what was read, across every file of an inbox. */
	public static final class Counters {

		private final AtomicLong linesRead = new AtomicLong();

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong requested = new AtomicLong();

		/** Lines handed to subscribers. */
		public long linesRead() {
			return this.linesRead.get();
		}

		/** Calls of {@code request(n)}. */
		public long requests() {
			return this.requests.get();
		}

		/** The sum of their {@code n}, saturated. */
		public long requested() {
			return this.requested.get();
		}

		void request(long n) {
			this.requests.incrementAndGet();
			this.requested.accumulateAndGet(n, FileLines::addCapped);
		}

	}

	static long addCapped(long a, long b) {
		long sum = a + b;
		return (sum < 0) ? Long.MAX_VALUE : sum;
	}

	private final class LineSubscription implements Flow.Subscription {

		private final Flow.Subscriber<? super T> subscriber;

		private final AtomicLong demand = new AtomicLong();

		private final AtomicInteger work = new AtomicInteger();

		private volatile boolean cancelled;

		private volatile @Nullable Throwable invalidRequest;

		// Touched only by the drain loop, which one thread at a time runs.
		private @Nullable BufferedReader reader;

		private long lineNumber;

		private boolean done;

		LineSubscription(Flow.Subscriber<? super T> subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void request(long n) {
			if (n <= 0) {
				this.invalidRequest = new IllegalArgumentException("request(" + n + "): n must be positive (§3.9)");
			}
			else {
				FileLines.this.counters.request(n);
				this.demand.accumulateAndGet(n, FileLines::addCapped);
			}
			schedule();
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			schedule();
		}

		private void schedule() {
			if (this.work.getAndIncrement() == 0) {
				try {
					FileLines.this.executor.execute(this::drain);
				}
				catch (RuntimeException ex) {
					// The inbox is stopping: nobody reads any more.
					this.cancelled = true;
					this.work.set(0);
				}
			}
		}

		private void drain() {
			int missed = 1;
			do {
				emit();
				missed = this.work.addAndGet(-missed);
			}
			while (missed != 0);
		}

		private void emit() {
			while (!this.done) {
				if (this.cancelled) {
					finish();
					return;
				}
				Throwable invalid = this.invalidRequest;
				if (invalid != null) {
					finish();
					this.subscriber.onError(invalid);
					return;
				}
				long wanted = this.demand.get();
				if (wanted == 0) {
					return;
				}
				String line;
				try {
					line = nextLine();
				}
				catch (IOException | RuntimeException ex) {
					finish();
					this.subscriber.onError(ex);
					return;
				}
				if (line == null) {
					finish();
					this.subscriber.onComplete();
					return;
				}
				T element = FileLines.this.mapper.map(this.lineNumber, line);
				if (wanted != Long.MAX_VALUE) {
					this.demand.decrementAndGet();
				}
				FileLines.this.counters.linesRead.incrementAndGet();
				this.subscriber.onNext(element);
			}
		}

		/** The next non-blank line, or {@code null} at the end of the file. */
		private @Nullable String nextLine() throws IOException {
			BufferedReader in = this.reader;
			if (in == null) {
				in = Files.newBufferedReader(FileLines.this.file, StandardCharsets.UTF_8);
				this.reader = in;
			}
			String line;
			do {
				line = in.readLine();
				if (line == null) {
					return null;
				}
				this.lineNumber++;
			}
			while (line.isBlank());
			return line;
		}

		private void finish() {
			this.done = true;
			BufferedReader in = this.reader;
			this.reader = null;
			if (in != null) {
				try {
					in.close();
				}
				catch (IOException ex) {
					// Read-only: nothing is lost.
				}
			}
		}

	}

}
