/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.benchmarks.Results.AllocationSample;

/**
 * Reads what JMH measured with {@code -prof gc}: from its JSON result file ({@code -rf json}), or from an in-process
 * run.
 */
final class JmhResults {

	private static final String ALLOCATION = "gc.alloc.rate.norm";

	private JmhResults() {
	}

	/**
	 * Reads a JMH JSON result file.
	 * @param file the file
	 * @return one sample per benchmark and parameter; empty if the file does not exist
	 */
	static List<AllocationSample> read(Path file) {
		List<AllocationSample> samples = new ArrayList<>();
		if (!Files.isRegularFile(file)) {
			return samples;
		}
		JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
		for (JsonNode run : root) {
			String benchmark = run.path("benchmark").asString();
			int jsonBytes = Integer.parseInt(run.path("params").path("jsonBytes").asString("0"));
			JsonNode allocation = null;
			for (Map.Entry<String, JsonNode> metric : run.path("secondaryMetrics").properties()) {
				if (metric.getKey().endsWith(ALLOCATION)) {
					allocation = metric.getValue();
				}
			}
			if (allocation == null) {
				continue;
			}
			samples.add(new AllocationSample(simpleName(benchmark), jsonBytes, number(allocation.path("score")),
					number(allocation.path("scoreError")), number(run.path("primaryMetric").path("score"))));
		}
		return samples;
	}

	/**
	 * Converts the results of an in-process run.
	 * @param runs JMH's results
	 * @return one sample per benchmark and parameter
	 */
	static List<AllocationSample> of(Collection<RunResult> runs) {
		List<AllocationSample> samples = new ArrayList<>();
		for (RunResult run : runs) {
			Result<?> allocation = null;
			for (String name : run.getSecondaryResults().keySet()) {
				if (name.endsWith(ALLOCATION)) {
					allocation = run.getSecondaryResults().get(name);
				}
			}
			if (allocation == null) {
				continue;
			}
			String jsonBytes = run.getParams().getParam("jsonBytes");
			samples.add(new AllocationSample(simpleName(run.getParams().getBenchmark()),
					(jsonBytes != null) ? Integer.parseInt(jsonBytes) : 0, allocation.getScore(),
					allocation.getScoreError(), run.getPrimaryResult().getScore()));
		}
		return samples;
	}

	private static String simpleName(String benchmark) {
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	private static double number(JsonNode node) {
		if (node.isNumber()) {
			return node.doubleValue();
		}
		try {
			return Double.parseDouble(node.asString());
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
