/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the domain event publisher, documented for Micrometer's documentation generator and used to
 * create them. The name and contextual name come from the convention, so that a custom one can rename them.
 *
 * @since 0.1.0
 */
public enum DomainEventPublishObservation implements ObservationDocumentation {

	/**
	 * The publication of one event: started on the caller's thread when the event passed validation, a child of the
	 * caller's current observation and the parent of the Kafka send, and stopped when its outcome is known, before
	 * the caller's future completes.
	 */
	PUBLISH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDomainEventPublishObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys of {@link #PUBLISH}: bounded, so they become meter tags.
	 *
	 * @since 0.1.0
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The event type ({@code ce_type}). */
		EVENT_TYPE {

			@Override
			public String asString() {
				return "domain.events.type";
			}

		},

		/** The messaging system, always {@code kafka}. */
		MESSAGING_SYSTEM {

			@Override
			public String asString() {
				return "messaging.system";
			}

		},

		/**
		 * The failure reason ({@link dev.domainevents.publisher.FailureReason}'s name), or {@code none} on success;
		 * present once the outcome is known.
		 */
		FAILURE_REASON {

			@Override
			public String asString() {
				return "domain.events.failure.reason";
			}

		}

	}

	/**
	 * The high-cardinality keys of {@link #PUBLISH}: unbounded, so only tracing sees them.
	 *
	 * @since 0.1.0
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The event id ({@code ce_id}). */
		EVENT_ID {

			@Override
			public String asString() {
				return "domain.events.id";
			}

		},

		/** The topic. */
		DESTINATION {

			@Override
			public String asString() {
				return "messaging.destination.name";
			}

		}

	}

}
