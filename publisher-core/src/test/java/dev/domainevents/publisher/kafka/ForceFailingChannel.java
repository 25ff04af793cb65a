/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.domainevents.publisher.journal.JournalOptions;

/**
 * A real file channel whose {@code force} throws once the disk is told to fail: what {@code fsync} does on a disk
 * that lost a write (EIO). Everything else goes to the file.
 */
final class ForceFailingChannel extends FileChannel {

	private final FileChannel file;

	private final AtomicBoolean failing;

	private final AtomicInteger failedForces;

	private ForceFailingChannel(FileChannel file, AtomicBoolean failing, AtomicInteger failedForces) {
		this.file = file;
		this.failing = failing;
		this.failedForces = failedForces;
	}

	/** Opens files whose {@code force} fails while {@code failing} is set, counting the failures. */
	static JournalOptions.ChannelOpener opener(AtomicBoolean failing, AtomicInteger failedForces) {
		return (path, options) -> new ForceFailingChannel(FileChannel.open(path, options), failing, failedForces);
	}

	@Override
	public void force(boolean metaData) throws IOException {
		if (this.failing.get()) {
			this.failedForces.incrementAndGet();
			throw new IOException("Input/output error (injected: the disk failed)");
		}
		this.file.force(metaData);
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		return this.file.read(dst);
	}

	@Override
	public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
		return this.file.read(dsts, offset, length);
	}

	@Override
	public int write(ByteBuffer src) throws IOException {
		return this.file.write(src);
	}

	@Override
	public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
		return this.file.write(srcs, offset, length);
	}

	@Override
	public long position() throws IOException {
		return this.file.position();
	}

	@Override
	public FileChannel position(long newPosition) throws IOException {
		this.file.position(newPosition);
		return this;
	}

	@Override
	public long size() throws IOException {
		return this.file.size();
	}

	@Override
	public FileChannel truncate(long size) throws IOException {
		this.file.truncate(size);
		return this;
	}

	@Override
	public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
		return this.file.transferTo(position, count, target);
	}

	@Override
	public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
		return this.file.transferFrom(src, position, count);
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.file.read(dst, position);
	}

	@Override
	public int write(ByteBuffer src, long position) throws IOException {
		return this.file.write(src, position);
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		return this.file.map(mode, position, size);
	}

	@Override
	public FileLock lock(long position, long size, boolean shared) throws IOException {
		return this.file.lock(position, size, shared);
	}

	@Override
	public FileLock tryLock(long position, long size, boolean shared) throws IOException {
		return this.file.tryLock(position, size, shared);
	}

	@Override
	protected void implCloseChannel() throws IOException {
		this.file.close();
	}

}
