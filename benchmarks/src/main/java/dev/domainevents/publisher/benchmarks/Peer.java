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
	TEMPLATE("KafkaTemplate");

	private final String label;

	Peer(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	/**
	 * The peers in the order of one repetition: rotated by the repetition's number, so that each peer runs first,
	 * second and third equally often and a drift of the machine does not favour one.
	 * @param repetition the repetition's number, from 0
	 * @return the three peers
	 */
	static List<Peer> inOrderOf(int repetition) {
		Peer[] peers = values();
		List<Peer> order = new ArrayList<>();
		for (int i = 0; i < peers.length; i++) {
			order.add(peers[(i + repetition) % peers.length]);
		}
		return order;
	}

}
