/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Spring test classes get a broker in their application context, and which of them may share one: the
 * customizers' equality is part of Spring's context cache key. No broker is started here.
 */
class KafkaBrokerContextCustomizerFactoryTests {

	private final KafkaBrokerContextCustomizerFactory factory = new KafkaBrokerContextCustomizerFactory();

	@Test
	void aClassWithoutTheAnnotationGetsNoCustomizer() {
		assertThat(customizer(KafkaBrokerContextCustomizerFactoryTests.class)).isNull();
	}

	@Test
	void classesOfOneSharedBrokersSettingsMayShareAContextWhateverTopicsTheyCreate() {
		assertThat(customizer(Shared.class)).isNotNull().isEqualTo(customizer(SharedWithOtherTopics.class))
			.hasSameHashCodeAs(customizer(SharedWithOtherTopics.class));
	}

	@Test
	void classesOfDifferentBrokerSettingsDoNotShareAContext() {
		assertThat(customizer(Shared.class)).isNotEqualTo(customizer(SharedWithAutoCreation.class));
	}

	@Test
	void aClassWithADedicatedBrokerSharesItsContextWithNoOtherClass() {
		assertThat(customizer(Dedicated.class)).isNotEqualTo(customizer(OtherDedicated.class))
			.isNotEqualTo(customizer(Shared.class))
			.isEqualTo(customizer(Dedicated.class));
	}

	@Test
	void aNestedClassUsesTheAnnotationOfItsEnclosingClass() {
		assertThat(KafkaBrokerContextCustomizerFactory.annotatedClass(Dedicated.Inner.class)).isEqualTo(Dedicated.class);
		assertThat(customizer(Dedicated.Inner.class)).isEqualTo(customizer(Dedicated.class));
	}

	@Test
	void aSubclassInheritsTheAnnotation() {
		assertThat(KafkaBrokerContextCustomizerFactory.annotatedClass(SharedSubclass.class)).isEqualTo(SharedSubclass.class);
		assertThat(customizer(SharedSubclass.class)).isEqualTo(customizer(Shared.class));
	}

	private ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	@WithKafkaBroker(topics = "orders:3")
	static class Shared {

	}

	static class SharedSubclass extends Shared {

	}

	@WithKafkaBroker(topics = { "payments", "refunds:2" })
	static class SharedWithOtherTopics {

	}

	@WithKafkaBroker(autoCreateTopics = true)
	static class SharedWithAutoCreation {

	}

	@WithKafkaBroker(dedicated = true)
	static class Dedicated {

		@Nested
		class Inner {

		}

	}

	@WithKafkaBroker(dedicated = true)
	static class OtherDedicated {

	}

}
