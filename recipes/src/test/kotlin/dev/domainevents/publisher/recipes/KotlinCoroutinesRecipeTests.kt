/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.recipes

import dev.domainevents.publisher.DomainEventPublisher
import dev.domainevents.publisher.PublicationFailedException
import dev.domainevents.publisher.PublishOutcome
import dev.domainevents.publisher.PublishReceipt
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.asDeferred
import kotlinx.coroutines.future.await
import kotlinx.coroutines.jdk9.asFlow
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test

/**
 * The README's Kotlin coroutines recipes (each test returns Unit explicitly: JUnit ignores a test method with a
 * result): `await()` suspends on the publisher's future, `asFlow()` (from
 * kotlinx-coroutines-jdk9) turns publishAll's stream into a Flow.
 */
class KotlinCoroutinesRecipeTests {

	@Test
	fun singleEvent(): Unit = runBlocking {
		val publisher: DomainEventPublisher = StubPublisher.completing()
		// recipe: kotlin-await
		val receipt: PublishReceipt = publisher.publish("order-placed").asDeferred().await()
		// end
		assertThat(receipt.isPublished).isTrue()
		assertThatThrownBy { runBlocking { publisher.publish(StubPublisher.BAD).asDeferred().await() } }
			.isInstanceOf(PublicationFailedException::class.java)
	}

	@Test
	fun cancellingTheCoroutineDoesNotCancelThePublication(): Unit = runBlocking {
		val publisher = StubPublisher.holding()
		val waiting = async(start = CoroutineStart.UNDISPATCHED) {
			publisher.publish("order-placed").asDeferred().await()
		}
		waiting.cancel()
		yield()
		publisher.completeAll()
		assertThat(publisher.cancelCalls()).isZero()
		assertThat(publisher.futures[0].join().isPublished).isTrue()
	}

	// What the recipe's asDeferred() guards against: a plain await() cancels the future with the coroutine.
	@Test
	fun aPlainAwaitWouldCancelThePublishersFuture(): Unit = runBlocking {
		val publisher = StubPublisher.holding()
		val waiting = async(start = CoroutineStart.UNDISPATCHED) { publisher.publish("order-placed").await() }
		waiting.cancel()
		yield()
		assertThat(publisher.cancelCalls()).isEqualTo(1)
	}

	@Test
	fun stream(): Unit = runBlocking {
		val publisher: DomainEventPublisher = StubPublisher.completing()
		val orders: Flow<String> = flowOf("order-1", StubPublisher.BAD, "order-3")
		// recipe: kotlin-flow
		val outcomes: Flow<PublishOutcome<String>> = publisher.publishAll(orders.asPublisher()).asFlow()
		// end
		val all = outcomes.toList()
		assertThat(all.map { it.event }).containsExactly("order-1", StubPublisher.BAD, "order-3")
		assertThat(all.map { it.isSuccess }).containsExactly(true, false, true)
	}

}
