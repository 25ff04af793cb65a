/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** A real file channel whose {@code force} first runs a hook: one that throws, or one that blocks. */
final class HookedChannel extends FileChannel {

	/** Runs before each {@code force}. */
	@FunctionalInterface
	interface ForceHook {

		void beforeForce() throws IOException;

	}

	private final FileChannel delegate;

	private final ForceHook hook;

	HookedChannel(FileChannel delegate, ForceHook hook) {
		this.delegate = delegate;
		this.hook = hook;
	}

	/** Opens files as usual, hooking the force of the segments' channels (not their temporary files). */
	static JournalOptions.ChannelOpener onSegments(ForceHook hook) {
		return (Path path, Set<? extends OpenOption> options) -> {
			FileChannel channel = FileChannel.open(path, options);
			return path.getFileName().toString().endsWith(SegmentFormat.SUFFIX) ? new HookedChannel(channel, hook)
					: channel;
		};
	}

	@Override
	public void force(boolean metaData) throws IOException {
		this.hook.beforeForce();
		this.delegate.force(metaData);
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		return this.delegate.read(dst);
	}

	@Override
	public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
		return this.delegate.read(dsts, offset, length);
	}

	@Override
	public int write(ByteBuffer src) throws IOException {
		return this.delegate.write(src);
	}

	@Override
	public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
		return this.delegate.write(srcs, offset, length);
	}

	@Override
	public long position() throws IOException {
		return this.delegate.position();
	}

	@Override
	public FileChannel position(long newPosition) throws IOException {
		this.delegate.position(newPosition);
		return this;
	}

	@Override
	public long size() throws IOException {
		return this.delegate.size();
	}

	@Override
	public FileChannel truncate(long size) throws IOException {
		this.delegate.truncate(size);
		return this;
	}

	@Override
	public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
		return this.delegate.transferTo(position, count, target);
	}

	@Override
	public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
		return this.delegate.transferFrom(src, position, count);
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.delegate.read(dst, position);
	}

	@Override
	public int write(ByteBuffer src, long position) throws IOException {
		return this.delegate.write(src, position);
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		return this.delegate.map(mode, position, size);
	}

	@Override
	public FileLock lock(long position, long size, boolean shared) throws IOException {
		return this.delegate.lock(position, size, shared);
	}

	@Override
	public FileLock tryLock(long position, long size, boolean shared) throws IOException {
		return this.delegate.tryLock(position, size, shared);
	}

	@Override
	protected void implCloseChannel() throws IOException {
		this.delegate.close();
	}

}
