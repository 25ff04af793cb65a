/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.PublishAllOptions;
import dev.domainevents.sample.inbox.FileResult.Disposition;
import dev.domainevents.sample.inbox.FileResult.FailedLine;

/**
 * A directory inbox: every {@code *.jsonl} file in it holds events, one JSON object a line. One thread polls the
 * directory; each pass takes the files in name order and streams each file's lines through
 * {@link DomainEventPublisher#publishAll}, which pulls a line only when the publisher has room for it and fewer than
 * {@code max-outstanding} lines are unanswered, and stops pulling for a backoff after a retriable failure. A file is
 * never read into memory.
 * <p>
 * Once every line of a file has its outcome:
 * <ul>
 * <li>every line published or journaled: the file is deleted, or moved to {@code done/};</li>
 * <li>a line failed for a retriable reason (Kafka unreachable, a delivery timeout, the publisher shutting down), or
 * the stream ended early: the file stays where it is, and the next pass publishes it again from its first line (the
 * passes back off too, from {@code initial-backoff} doubling to {@code max-backoff}, while they keep files);</li>
 * <li>otherwise, when lines failed for good (not JSON, too large...): the file moves to {@code failed/}, beside a
 * report {@code <name>.report} of which lines failed and why.</li>
 * </ul>
 * Each line's {@code ce_id} is {@code <file name>:<line number>}, so a file published again (after a retriable
 * failure, or after the application crashed mid-file) duplicates lines only with the ids they had: at least once,
 * deduplicated by consumers on {@code ce_id}. A file must therefore appear in the inbox under a name of its own, whole:
 * write it elsewhere (or under a name not ending in {@code .jsonl}) and move it in.
 *
 * @since 0.1.0
 */
public class FileInbox implements SmartLifecycle {

	/** The report's suffix, after the file's name, in {@code failed/}. */
	public static final String REPORT_SUFFIX = ".report";

	static final int REMEMBERED_RESULTS = 100;

	private static final Logger logger = LoggerFactory.getLogger(FileInbox.class);

	private final DomainEventPublisher publisher;

	private final InboxProperties properties;

	private final JsonMapper json;

	private final Path directory;

	private final PublishAllOptions options;

	private final FileLines.Counters counters = new FileLines.Counters();

	private final Deque<FileResult> results = new ArrayDeque<>();

	private final Clock clock = Clock.systemUTC();

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService poller;

	private @Nullable ExecutorService reader;

	private volatile boolean running;

	// Touched only by the polling thread.
	private int keptPasses;

	private volatile @Nullable FileStream current;

	/**
	 * Creates the inbox; it polls once started.
	 * @param publisher the publisher
	 * @param properties the directory and the settings; {@code directory} must be set
	 * @param json the mapper that parses the lines
	 */
	public FileInbox(DomainEventPublisher publisher, InboxProperties properties, JsonMapper json) {
		Path configured = properties.directory();
		if (configured == null) {
			throw new IllegalArgumentException("sample.inbox.directory is not set");
		}
		this.publisher = publisher;
		this.properties = properties;
		this.json = json;
		this.directory = configured.toAbsolutePath();
		this.options = PublishAllOptions.defaults()
			.withMaxOutstanding(properties.maxOutstanding())
			.withBackoff(properties.initialBackoff(), properties.maxBackoff());
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			try {
				Files.createDirectories(this.directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create the inbox " + this.directory, ex);
			}
			this.reader = Executors.newSingleThreadExecutor((task) -> new Thread(task, "file-inbox-reader"));
			ScheduledExecutorService scheduler = Executors
				.newSingleThreadScheduledExecutor((task) -> new Thread(task, "file-inbox"));
			this.poller = scheduler;
			this.running = true;
			scheduler.execute(this::passAndReschedule);
			logger.info("File inbox polling {} every {} for *.jsonl files to publish to '{}' ({})", this.directory,
					this.properties.passInterval(), this.properties.topic(), this.options);
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			FileStream stream = this.current;
			if (stream != null) {
				stream.stop();
			}
			shutdown(this.poller);
			shutdown(this.reader);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The inbox's directory. */
	public Path directory() {
		return this.directory;
	}

	/** How many lines the inbox read, and how often and for how many {@code publishAll} asked, over all files. */
	public FileLines.Counters counters() {
		return this.counters;
	}

	/** What the last passes did with their files, oldest first (up to {@value #REMEMBERED_RESULTS}). */
	public List<FileResult> results() {
		synchronized (this.results) {
			return List.copyOf(this.results);
		}
	}

	private void passAndReschedule() {
		boolean kept;
		try {
			kept = pass();
		}
		catch (RuntimeException ex) {
			logger.warn("A pass over the inbox {} failed; the next one will try again", this.directory, ex);
			kept = true;
		}
		// A file kept for a retriable failure is tried again after a pause that doubles while passes keep files, up
		// to the longest backoff: each pass starts a new stream, whose own backoff starts again from the first pause.
		this.keptPasses = kept ? this.keptPasses + 1 : 0;
		long delay = this.properties.passInterval().toMillis();
		if (this.keptPasses > 0) {
			long backoff = this.properties.initialBackoff().toMillis() << Math.min(this.keptPasses - 1, 20);
			delay = Math.max(delay, Math.min(backoff, this.properties.maxBackoff().toMillis()));
		}
		ScheduledExecutorService scheduler = this.poller;
		if (this.running && scheduler != null) {
			try {
				scheduler.schedule(this::passAndReschedule, delay, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Stopping.
			}
		}
	}

	/**
	 * Publishes every file now in the inbox, one after the other.
	 * @return whether a file was kept for the next pass
	 */
	boolean pass() {
		boolean kept = false;
		for (Path file : filesInInbox()) {
			if (!this.running) {
				return kept;
			}
			FileResult result = publishFile(file);
			if (result == null) {
				return kept;
			}
			kept |= result.disposition() == Disposition.KEPT;
			synchronized (this.results) {
				if (this.results.size() == REMEMBERED_RESULTS) {
					this.results.removeFirst();
				}
				this.results.addLast(result);
			}
			log(result);
		}
		return kept;
	}

	private List<Path> filesInInbox() {
		try (Stream<Path> entries = Files.list(this.directory)) {
			return entries.filter((path) -> path.getFileName().toString().endsWith(".jsonl"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the inbox " + this.directory, ex);
		}
	}

	/** Streams one file and disposes of it; {@code null} if the inbox stopped meanwhile. */
	private @Nullable FileResult publishFile(Path file) {
		Instant started = this.clock.instant();
		String fileName = file.getFileName().toString();
		LineEvents lines = new LineEvents(fileName, this.properties, this.json);
		ExecutorService readerExecutor = this.reader;
		if (readerExecutor == null) {
			return null;
		}
		FileStream stream = new FileStream(lines);
		this.current = stream;
		try {
			this.publisher
				.publishAll(new FileLines<>(file, readerExecutor, lines, this.counters), this.options)
				.subscribe(stream);
			stream.completion.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stream.stop();
			return null;
		}
		catch (ExecutionException ex) {
			stream.streamError = String.valueOf(ex.getCause());
		}
		finally {
			this.current = null;
		}
		if (stream.stopped) {
			return null;
		}
		return dispose(file, stream, started);
	}

	private FileResult dispose(Path file, FileStream stream, Instant started) {
		String fileName = file.getFileName().toString();
		List<FailedLine> failedLines = stream.failedLines();
		Disposition disposition;
		try {
			if (stream.streamError != null || stream.retriableFailures > 0) {
				disposition = Disposition.KEPT;
			}
			else if (!failedLines.isEmpty()) {
				Path failed = Files.createDirectories(this.directory.resolve("failed"));
				// The report first: a crash between the two leaves the file in the inbox, for a pass that rewrites it.
				Files.writeString(failed.resolve(fileName + REPORT_SUFFIX),
						report(fileName, stream, failedLines), StandardCharsets.UTF_8);
				Files.move(file, failed.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
				disposition = Disposition.FAILED;
			}
			else if (this.properties.onSuccess() == InboxProperties.OnSuccess.MOVE) {
				Path done = Files.createDirectories(this.directory.resolve("done"));
				Files.move(file, done.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
				disposition = Disposition.DONE;
			}
			else {
				Files.delete(file);
				disposition = Disposition.DELETED;
			}
		}
		catch (IOException ex) {
			// Left for the next pass, which publishes it again with the same ids.
			logger.warn("Could not move or delete {}; it stays for the next pass", file, ex);
			disposition = Disposition.KEPT;
		}
		return new FileResult(fileName, stream.lines, stream.published, stream.journaled, stream.retriableFailures,
				failedLines, stream.streamError, disposition, started, this.clock.instant());
	}

	private static String report(String fileName, FileStream stream, List<FailedLine> failedLines) {
		StringBuilder report = new StringBuilder();
		report.append("file: ").append(fileName).append('\n');
		report.append("lines: ").append(stream.lines)
			.append(", published: ").append(stream.published)
			.append(", journaled: ").append(stream.journaled)
			.append(", failed: ").append(failedLines.size()).append('\n');
		for (FailedLine line : failedLines) {
			report.append(line.reportLine()).append('\n');
		}
		return report.toString();
	}

	private static void log(FileResult result) {
		if (result.disposition() == Disposition.KEPT) {
			logger.warn("{}: {} lines, {} published, {} journaled, {} failed for now{}; kept for the next pass",
					result.fileName(), result.lines(), result.published(), result.journaled(),
					result.retriableFailures(),
					(result.streamError() != null) ? ", the stream ended with " + result.streamError() : "");
		}
		else if (result.disposition() == Disposition.FAILED) {
			logger.warn("{}: {} lines, {} published, {} journaled, {} failed for good; moved to failed/ with a report",
					result.fileName(), result.lines(), result.published(), result.journaled(),
					result.failedLines().size());
		}
		else {
			logger.info("{}: {} lines, {} published, {} journaled; {}", result.fileName(), result.lines(),
					result.published(), result.journaled(), result.disposition().name().toLowerCase());
		}
	}

	private static void shutdown(@Nullable ExecutorService executor) {
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
				logger.warn("The file inbox's thread did not stop within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
