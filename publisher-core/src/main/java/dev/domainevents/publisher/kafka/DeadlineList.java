/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.kafka;

import org.jspecify.annotations.Nullable;

/**
 * Every pending event (queued, parked or in flight), linked in acceptance order through the events' own links. Since
 * every deadline is its acceptance time plus the same delivery timeout, acceptance order is deadline order: the
 * deadline timer only ever looks at the head, and completing an event unlinks it in constant time. Its length is the
 * pending count. Part of the {@link EventLedger}, and guarded by its lock.
 */
final class DeadlineList {

	private @Nullable PendingEvent head;

	private @Nullable PendingEvent tail;

	private long size;

	/** The oldest pending event, whose deadline comes first. */
	@Nullable PendingEvent head() {
		return this.head;
	}

	long size() {
		return this.size;
	}

	void add(PendingEvent event) {
		PendingEvent last = this.tail;
		event.previous = last;
		event.next = null;
		if (last == null) {
			this.head = event;
		}
		else {
			last.next = event;
		}
		this.tail = event;
		event.linked = true;
		this.size++;
	}

	/** Unlinks an event, if it is still linked. */
	void remove(PendingEvent event) {
		if (!event.linked) {
			return;
		}
		PendingEvent before = event.previous;
		PendingEvent after = event.next;
		if (before == null) {
			this.head = after;
		}
		else {
			before.next = after;
		}
		if (after == null) {
			this.tail = before;
		}
		else {
			after.previous = before;
		}
		event.previous = null;
		event.next = null;
		event.linked = false;
		this.size--;
	}

}
