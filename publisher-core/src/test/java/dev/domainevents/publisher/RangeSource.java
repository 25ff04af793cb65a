/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved source for the stream's tests: the integers from 0 to {@code count - 1}, emitted as requested on the
 * requesting thread (trampolined, so a request from within {@code onNext} does not recurse), then complete.
 */
final class RangeSource implements Flow.Publisher<Integer> {

	private final long count;

	final AtomicLong requested = new AtomicLong();

	final AtomicLong emitted = new AtomicLong();

	final AtomicInteger cancels = new AtomicInteger();

	RangeSource(long count) {
		this.count = count;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
		subscriber.onSubscribe(new Subscription(subscriber));
	}

	private final class Subscription implements Flow.Subscription {

		private Flow.Subscriber<? super Integer> subscriber;

		private final AtomicLong demand = new AtomicLong();

		private final AtomicInteger wip = new AtomicInteger();

		private long next;

		private volatile boolean done;

		Subscription(Flow.Subscriber<? super Integer> subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void request(long n) {
			RangeSource.this.requested.addAndGet(Math.max(0, n));
			if (n <= 0) {
				Flow.Subscriber<? super Integer> target = this.subscriber;
				this.done = true;
				if (target != null) {
					target.onError(new IllegalArgumentException("rule 3.9"));
				}
				return;
			}
			this.demand.getAndAccumulate(n, (a, b) -> (a + b < 0) ? Long.MAX_VALUE : a + b);
			if (this.wip.getAndIncrement() != 0) {
				return;
			}
			int missed = 1;
			for (;;) {
				while (!this.done && this.demand.get() > 0 && this.next < RangeSource.this.count) {
					this.demand.decrementAndGet();
					RangeSource.this.emitted.incrementAndGet();
					this.subscriber.onNext((int) this.next++);
				}
				if (!this.done && this.next == RangeSource.this.count) {
					this.done = true;
					this.subscriber.onComplete();
					this.subscriber = null;
				}
				missed = this.wip.addAndGet(-missed);
				if (missed == 0) {
					return;
				}
			}
		}

		@Override
		public void cancel() {
			this.done = true;
			this.subscriber = null; // rule 3.13
			RangeSource.this.cancels.incrementAndGet();
		}

	}

}
