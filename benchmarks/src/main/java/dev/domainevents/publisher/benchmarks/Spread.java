/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The repetitions of one figure: their median, and the spread from the least to the greatest.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the least
 * @param max the greatest
 * @param count how many repetitions
 */
record Spread(double median, double min, double max, int count) {

	static Spread of(List<Double> values) {
		if (values.isEmpty()) {
			return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
	}

	boolean isEmpty() {
		return this.count == 0;
	}

}
