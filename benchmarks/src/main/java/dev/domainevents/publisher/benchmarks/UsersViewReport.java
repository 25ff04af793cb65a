/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.domainevents.publisher.benchmarks.Results.ThroughputSample;

/**
 * The throughput section as users get it: the starter in a Boot application beside the publisher built without one,
 * and the peers that do the same work on the caller's thread beside the raw producer given ready-made bytes.
 */
final class UsersViewReport {

	private static final Peer[] PEERS = { Peer.STARTER, Peer.STARTER_TRACING, Peer.PUBLISHER, Peer.RAW_SAME_WORK,
			Peer.TEMPLATE_SAME_WORK, Peer.RAW };

	private UsersViewReport() {
	}

	static List<String> lines(Results results) {
		List<String> lines = new ArrayList<>();
		lines.add("### As users get it");
		lines.add("");
		lines.add("The same runs as above, with four more peers. **Starter in a Boot app**: the `DomainEventPublisher` "
				+ "bean of a Spring Boot application with the starter, `spring-boot-starter-actuator`, the Prometheus "
				+ "registry and Micrometer Tracing over OpenTelemetry (`spring-boot-micrometer-tracing-opentelemetry`, the OTel bridge) on the class path, all on their defaults (tracing "
				+ "disabled); **Starter, tracing on**: the same with `domain-events.publisher.observations.enabled=true` "
				+ "and every trace sampled. **Same work**: the raw producer and `KafkaTemplate` (with spring-kafka's "
				+ "`JacksonJsonSerializer`) doing what the publisher does, on the caller's thread: the event to JSON "
				+ "with the same mapper, a new event id and time, the six CloudEvents headers. Events per second.");
		lines.add("");
		StringBuilder header = new StringBuilder("| Event | Caller threads |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (Peer peer : PEERS) {
			header.append(' ').append(peer.label()).append(peer == Peer.RAW ? " (ready bytes)" : "").append(" |");
			rule.append("---|");
		}
		header.append(" Starter / publisher | Starter / raw same work | Tracing on / off |");
		rule.append("---|---|---|");
		lines.add(header.toString());
		lines.add(rule.toString());
		for (int size : results.settings.jsonSizes()) {
			for (int threads : results.settings.threadCounts()) {
				StringBuilder row = new StringBuilder("| " + Report.size(size) + " | " + threads + " |");
				for (Peer peer : PEERS) {
					row.append(' ').append(Report.rate(results.throughput(peer, size, threads))).append(" |");
				}
				row.append(' ').append(ratio(results, Peer.STARTER, Peer.PUBLISHER, size, threads)).append(" | ");
				row.append(ratio(results, Peer.STARTER, Peer.RAW_SAME_WORK, size, threads)).append(" | ");
				row.append(ratio(results, Peer.STARTER_TRACING, Peer.STARTER, size, threads)).append(" |");
				lines.add(row.toString());
			}
		}
		lines.add("");
		lines.add("CPU time per completed event of the harness JVM in the same runs, µs.");
		lines.add("");
		StringBuilder cpuHeader = new StringBuilder("| Event | Caller threads |");
		StringBuilder cpuRule = new StringBuilder("|---|---|");
		for (Peer peer : PEERS) {
			cpuHeader.append(' ').append(peer.label()).append(" |");
			cpuRule.append("---|");
		}
		lines.add(cpuHeader.toString());
		lines.add(cpuRule.toString());
		for (int size : results.settings.jsonSizes()) {
			for (int threads : results.settings.threadCounts()) {
				StringBuilder row = new StringBuilder("| " + Report.size(size) + " | " + threads + " |");
				for (Peer peer : PEERS) {
					row.append(' ')
						.append(cpu(results, peer, size, threads, ThroughputSample::clientMicrosPerEvent))
						.append(" |");
				}
				lines.add(row.toString());
			}
		}
		lines.add("");
		return lines;
	}

	private static String ratio(Results results, Peer numerator, Peer denominator, int size, int threads) {
		Spread top = results.throughput(numerator, size, threads);
		Spread bottom = results.throughput(denominator, size, threads);
		return (top.isEmpty() || bottom.isEmpty()) ? "–" : Report.ratio(top.median() / bottom.median());
	}

	private static String cpu(Results results, Peer peer, int size, int threads,
			ToDoubleFunction<ThroughputSample> figure) {
		Spread spread = results.throughput(peer, size, threads, figure);
		return spread.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", spread.median());
	}

}
