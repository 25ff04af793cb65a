/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.routing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AnnotationEventRouter}.
 */
class AnnotationEventRouterTests {

	@DomainEvent(topic = "orders", type = "com.example.order.placed")
	record OrderPlaced(String orderId, @EventKey String customerId) {
	}

	@DomainEvent
	static class PaymentTaken {

		@EventKey
		private final long accountNumber;

		PaymentTaken(long accountNumber) {
			this.accountNumber = accountNumber;
		}

	}

	static class Shipped {

		@EventKey
		String trackingCode() {
			return "track-1";
		}

	}

	record Unannotated(String id) {
	}

	static class BrokenKey {

		@EventKey
		String key() {
			throw new IllegalStateException("no key today");
		}

	}

	private final AnnotationEventRouter router = new AnnotationEventRouter("events",
			Map.of("dev.domainevents.publisher.routing.AnnotationEventRouterTests$Shipped", "shipments",
					"Unannotated", "misc"));

	@Test
	void theAnnotationGivesTopicTypeAndTheKeyComponent() {
		assertThat(this.router.route(new OrderPlaced("o-1", "c-7")))
			.isEqualTo(new EventRoute("orders", "c-7", "com.example.order.placed"));
	}

	@Test
	void anAnnotatedFieldIsTheKeyAndTheDefaultTopicServesAnAnnotationWithoutTopic() {
		assertThat(this.router.route(new PaymentTaken(42)))
			.isEqualTo(new EventRoute("events", "42", PaymentTaken.class.getName()));
	}

	@Test
	void configurationByQualifiedOrSimpleNameWinsAndAnAnnotatedMethodIsTheKey() {
		assertThat(this.router.route(new Shipped())).isEqualTo(new EventRoute("shipments", "track-1", Shipped.class.getName()));
		assertThat(this.router.route(new Unannotated("u"))).isEqualTo(new EventRoute("misc", null, Unannotated.class.getName()));
	}

	@Test
	void configurationOverridesTheAnnotationsTopic() {
		AnnotationEventRouter router = new AnnotationEventRouter(null, Map.of("OrderPlaced", "orders-v2"));
		assertThat(router.route(new OrderPlaced("o-1", "c-7")).topic()).isEqualTo("orders-v2");
	}

	@Test
	void withoutDefaultTopicAnUnroutedEventHasNoRoute() {
		AnnotationEventRouter router = new AnnotationEventRouter(null, Map.of());
		assertThat(router.route("a string")).isNull();
		assertThat(router.route(new OrderPlaced("o-1", "c-7"))).isNotNull();
	}

	@Test
	void aKeyAccessorThatThrowsFailsThatEventOnly() {
		assertThatIllegalStateException().isThrownBy(() -> this.router.route(new BrokenKey()))
			.withMessage("no key today");
		assertThat(this.router.route(new PaymentTaken(1))).isNotNull();
	}

}
