/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.domainevents.publisher.journal.AppendQueue.PendingAppend;

/**
 * The one thread that writes the journal. It takes every append that arrived, waits up to the group-commit window
 * for more while more keep coming, writes them with one gathering write, forces once, and only then tells each
 * callback, in append order. Between groups it checkpoints the low-water mark and deletes the segments below it.
 * <p>
 * A failed write or {@code force} ends the journal: the page cache may have dropped the data, and a second
 * {@code force} could succeed without it being on disk (PostgreSQL's fsync lesson), so nothing is retried.
 */
final class JournalWriter implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(JournalWriter.class);

	static final String THREAD_NAME = "domain-events-journal-writer";

	static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** A group stops growing here: its callers have waited long enough. */
	private static final long MAX_GROUP_BYTES = 8L * 1024 * 1024;

	private final JournalOptions options;

	private final ConcurrentNavigableMap<Long, Segment> segments;

	private final AcknowledgedPositions acknowledged;

	private final JournalCounters counters;

	private final Checkpoint checkpoint;

	private final AppendQueue queue = new AppendQueue();

	private @Nullable Segment active;

	private long nextPosition;

	private long checkpointed;

	private long lastCheckpointNanos;

	private boolean checkpointFailureLogged;

	private int previousGroupSize;

	private volatile @Nullable JournalRefusal failure;

	/** Set when close gave up waiting: the directory is no longer this writer's to change. */
	private volatile boolean abandoned;

	JournalWriter(JournalOptions options, ConcurrentNavigableMap<Long, Segment> segments,
			AcknowledgedPositions acknowledged, JournalCounters counters, long nextPosition,
			long checkpointedLowWater) {
		this.options = options;
		this.segments = segments;
		this.acknowledged = acknowledged;
		this.counters = counters;
		this.checkpoint = new Checkpoint(options.directory(), options.channels());
		this.active = segments.isEmpty() ? null : segments.lastEntry().getValue();
		this.nextPosition = nextPosition;
		this.checkpointed = checkpointedLowWater;
		this.lastCheckpointNanos = System.nanoTime() - CHECKPOINT_INTERVAL_NANOS;
	}

	/** Why appends are refused from now on, or {@code null} while they are taken. */
	@Nullable JournalRefusal refusal() {
		JournalRefusal failure = this.failure;
		if (failure != null) {
			return failure;
		}
		return this.queue.isClosed() ? closedRefusal() : null;
	}

	/** @return {@code false} when the journal was closed first: the caller refuses the append */
	boolean offer(PendingAppend append) {
		return this.queue.offer(append);
	}

	/** From now on the writer writes, checkpoints and deletes nothing: it only tells the callbacks left. */
	void abandon() {
		this.abandoned = true;
	}

	/** Makes the writer write what was appended, checkpoint and stop. */
	void stop() {
		this.queue.close();
	}

	@Override
	public void run() {
		List<PendingAppend> group = new ArrayList<>();
		try {
			// A crash between a checkpoint and the deletions it allowed leaves acknowledged segments behind.
			if (this.checkpointed >= 0) {
				deleteSegmentsBelow(this.checkpointed);
			}
			while (true) {
				group.clear();
				this.queue.drainTo(group, CHECKPOINT_INTERVAL_NANOS);
				if (group.isEmpty()) {
					if (this.queue.isClosed()) {
						break;
					}
				}
				else {
					gatherMore(group);
					commit(group);
				}
				maybeCheckpoint(false);
			}
			maybeCheckpoint(true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			group.forEach((append) -> refuse(append, closedRefusal()));
		}
		finally {
			// Nothing can be appended after this, and whatever slipped in before is told, so every callback is called.
			this.queue.close();
			List<PendingAppend> left = new ArrayList<>();
			try {
				this.queue.drainTo(left, 0);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			left.forEach((append) -> refuse(append, closedRefusal()));
			this.segments.values().forEach(Segment::close);
		}
	}

	/** Waits for more appends only when appends come together: a lone append is written at once. */
	private void gatherMore(List<PendingAppend> group) throws InterruptedException {
		long window = this.options.groupCommitWindow().toNanos();
		if (window > 0 && (group.size() > 1 || this.previousGroupSize > 1)) {
			long deadline = System.nanoTime() + window;
			long pause = Math.max(window / 4, TimeUnit.MICROSECONDS.toNanos(50));
			long bytes = 0;
			for (PendingAppend append : group) {
				bytes += append.frame().remaining();
			}
			while (bytes < MAX_GROUP_BYTES) {
				long remaining = deadline - System.nanoTime();
				int before = group.size();
				if (remaining <= 0 || this.queue.isClosed()) {
					break;
				}
				this.queue.drainTo(group, Math.min(remaining, pause));
				if (group.size() == before) {
					break;
				}
				for (int i = before; i < group.size(); i++) {
					bytes += group.get(i).frame().remaining();
				}
			}
		}
		this.previousGroupSize = group.size();
	}

	private void commit(List<PendingAppend> group) {
		JournalRefusal failure = this.abandoned ? closedRefusal() : this.failure;
		if (failure != null) {
			group.forEach((append) -> refuse(append, failure));
			return;
		}
		long[] positions = new long[group.size()];
		List<ByteBuffer> batch = new ArrayList<>(group.size());
		long batchBytes = 0;
		Segment segment = this.active;
		try {
			for (int i = 0; i < group.size(); i++) {
				ByteBuffer frame = group.get(i).frame();
				if (segment == null || ((segment.hasRecords() || !batch.isEmpty())
						&& segment.size() + batchBytes + frame.remaining() > this.options.segmentBytes())) {
					if (segment != null) {
						writeAndForce(segment, batch, positions, i - batch.size());
						batchBytes = 0;
					}
					segment = roll();
				}
				positions[i] = this.nextPosition++;
				RecordCodec.seal(frame, positions[i]);
				batch.add(frame);
				batchBytes += frame.remaining();
			}
			writeAndForce(segment, batch, positions, group.size() - batch.size());
		}
		catch (IOException | RuntimeException ex) {
			fail(ex, (segment != null) ? segment.path() : this.options.directory(), group);
			return;
		}
		for (int i = 0; i < group.size(); i++) {
			try {
				group.get(i).callback().journaled(positions[i]);
			}
			catch (RuntimeException ex) {
				logger.warn("An append callback failed; the journal goes on", ex);
			}
		}
	}

	/** Writes a batch at the end of a segment and forces it; readers see it once this returns. */
	private void writeAndForce(Segment segment, List<ByteBuffer> batch, long[] positions, int firstIndex)
			throws IOException {
		if (batch.isEmpty()) {
			return;
		}
		FileChannel channel = segment.channel();
		long offset = segment.size();
		ByteBuffer[] frames = batch.toArray(new ByteBuffer[0]);
		int[] sizes = new int[frames.length];
		long total = 0;
		for (int i = 0; i < frames.length; i++) {
			sizes[i] = frames[i].remaining();
			total += sizes[i];
		}
		channel.position(offset);
		long written = 0;
		while (written < total) {
			written += channel.write(frames);
		}
		long started = System.nanoTime();
		channel.force(false);
		this.counters.forced(System.nanoTime() - started);
		for (int i = 0; i < frames.length; i++) {
			segment.recordWritten(positions[firstIndex + i], offset, sizes[i]);
			offset += sizes[i];
		}
		segment.writtenIsDurable();
		this.counters.diskBytes.addAndGet(total);
		this.counters.heldEvents.addAndGet(frames.length);
		this.counters.appended += frames.length;
		this.counters.durablePosition = positions[firstIndex + frames.length - 1] + 1;
		batch.clear();
	}

	/** Starts a segment at the next position. Its header is on disk before its name is, so it is never headless. */
	private Segment roll() throws IOException {
		Path file = this.options.directory().resolve(SegmentFormat.fileName(this.nextPosition));
		JournalFiles.writeAtomically(this.options.channels(), file, SegmentFormat.header(this.nextPosition));
		FileChannel channel = this.options.channels()
			.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
		Segment segment = new Segment(file, this.nextPosition, channel, SegmentFormat.HEADER_BYTES);
		this.segments.put(this.nextPosition, segment);
		this.counters.diskBytes.addAndGet(SegmentFormat.HEADER_BYTES);
		this.counters.reservedBytes.addAndGet(SegmentFormat.HEADER_BYTES);
		this.active = segment;
		return segment;
	}

	private void fail(Exception ex, Path file, List<PendingAppend> group) {
		String problem = "The journal could not write or force " + file + " (" + ex
				+ "); nothing is journaled any more: a failed force is never retried, since the data may be lost "
				+ "from the page cache. Fix the disk and restart the application";
		logger.error(problem, ex);
		JournalRefusal refusal = new JournalRefusal(JournalRefusal.Kind.FAILED, problem, ex);
		this.failure = refusal;
		group.forEach((append) -> refuse(append, refusal));
	}

	private void refuse(PendingAppend append, JournalRefusal refusal) {
		this.counters.reservedBytes.addAndGet(-append.frame().remaining());
		try {
			append.callback().refused(refusal);
		}
		catch (RuntimeException ex) {
			logger.warn("An append callback failed; the journal goes on", ex);
		}
	}

	static JournalRefusal closedRefusal() {
		return new JournalRefusal(JournalRefusal.Kind.CLOSED, "The journal is closed", null);
	}

	private void maybeCheckpoint(boolean now) {
		long lowWater = this.acknowledged.lowWater();
		if (this.abandoned || lowWater == this.checkpointed
				|| (!now && System.nanoTime() - this.lastCheckpointNanos < CHECKPOINT_INTERVAL_NANOS)) {
			return;
		}
		this.lastCheckpointNanos = System.nanoTime();
		try {
			this.checkpoint.write(lowWater);
			this.checkpointed = lowWater;
			this.checkpointFailureLogged = false;
		}
		catch (IOException ex) {
			// Not fatal: the old checkpoint stands, entries acknowledged since are replayed after a crash.
			if (!this.checkpointFailureLogged) {
				logger.warn("Could not write the journal checkpoint in {}: acknowledged segments stay on disk until it "
						+ "can be written", this.options.directory(), ex);
				this.checkpointFailureLogged = true;
			}
			return;
		}
		deleteSegmentsBelow(lowWater);
	}

	/** Deletes, oldest first, the segments whose every position is below the checkpointed low-water mark. */
	private void deleteSegmentsBelow(long lowWater) {
		boolean deleted = false;
		for (Segment segment : this.segments.values()) {
			Long nextFirst = this.segments.higherKey(segment.firstPosition());
			boolean allBelow = segment.hasRecords() ? segment.lastPosition() < lowWater
					: nextFirst != null && nextFirst <= lowWater;
			if (!allBelow) {
				break;
			}
			this.segments.remove(segment.firstPosition());
			if (segment == this.active) {
				this.active = null;
			}
			long size = segment.size();
			segment.close();
			try {
				Files.deleteIfExists(segment.path());
			}
			catch (IOException ex) {
				logger.warn("Could not delete the acknowledged journal segment {}; it is deleted at the next open",
						segment.path(), ex);
			}
			this.counters.diskBytes.addAndGet(-size);
			this.counters.reservedBytes.addAndGet(-size);
			deleted = true;
		}
		if (deleted) {
			JournalFiles.forceDirectory(this.options.channels(), this.options.directory());
		}
	}

}
