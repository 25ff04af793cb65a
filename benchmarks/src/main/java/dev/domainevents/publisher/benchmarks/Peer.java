/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What is measured side by side.
 */
enum Peer {

	/** {@code KafkaDomainEventPublisher}: JSON serialization, CloudEvents headers, queue, dispatcher, futures. */
	PUBLISHER("DomainEventPublisher"),

	/** {@code KafkaProducer.send(record, callback)} with ready-made JSON bytes and headers: the ceiling. */
	RAW("KafkaProducer"),

	/** {@code KafkaTemplate.send(record)} with the same ready-made record contents. */
	TEMPLATE("KafkaTemplate"),

	/**
	 * The auto-configured publisher in a Spring Boot application with actuator and the Prometheus registry, all on
	 * their defaults: what a user of the starter gets.
	 */
	STARTER("Starter in a Boot app"),

	/** The same, with Micrometer Tracing over OpenTelemetry, every publication observed and sampled. */
	STARTER_TRACING("Starter, tracing on"),

	/**
	 * {@code KafkaProducer.send(record, callback)} doing the publisher's work on the caller's thread: the event to
	 * JSON with the same mapper, a new event id and time, the same six CloudEvents headers. What a user would write.
	 */
	RAW_SAME_WORK("KafkaProducer, same work"),

	/** {@code KafkaTemplate.send(record)} with spring-kafka's JSON serializer, and the same headers built per event. */
	TEMPLATE_SAME_WORK("KafkaTemplate, same work");

	private final String label;

	Peer(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	/**
	 * The peers of every phase: the publisher built without Boot, the raw producer and the template. The others run
	 * in the throughput phase only, whose targets name them.
	 */
	static Peer[] core() {
		return new Peer[] { PUBLISHER, RAW, TEMPLATE };
	}

	/**
	 * The peers in the order of one repetition: rotated by the repetition's number, so that each peer runs first,
	 * second and third equally often and a drift of the machine does not favour one.
	 * @param repetition the repetition's number, from 0
	 * @return the three peers
	 */
	static List<Peer> inOrderOf(int repetition) {
		return rotated(core(), repetition);
	}

	/**
	 * Every peer, the throughput phase's, in the order of one repetition, rotated as {@link #inOrderOf} does.
	 * @param repetition the repetition's number, from 0
	 * @return every peer
	 */
	static List<Peer> allInOrderOf(int repetition) {
		return rotated(values(), repetition);
	}

	private static List<Peer> rotated(Peer[] peers, int repetition) {
		List<Peer> order = new ArrayList<>();
		for (int i = 0; i < peers.length; i++) {
			order.add(peers[(i + repetition) % peers.length]);
		}
		return order;
	}

}
