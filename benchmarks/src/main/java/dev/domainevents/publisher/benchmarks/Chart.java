/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.domainevents.publisher.benchmarks.Results.CallSample;
import dev.domainevents.publisher.benchmarks.Results.LatencySample;

/**
 * Draws the results as one SVG with three bar charts: throughput, p99 latency and {@code publish()}/{@code send()}
 * call p99.9. Bars are medians, whiskers the spread from least to greatest.
 */
final class Chart {

	/** The chart's file name. */
	static final String SVG = "chart.svg";

	private static final String[] COLORS = { "#2b6cb0", "#718096", "#dd6b20" };

	private static final int PANEL_WIDTH = 400;

	private static final int PANEL_HEIGHT = 330;

	private static final int TOP = 60;

	private final StringBuilder svg = new StringBuilder();

	private Chart() {
	}

	/**
	 * Writes the chart.
	 * @param results what was measured
	 * @param directory where to write
	 * @return the chart's file
	 */
	static Path write(Results results, Path directory) {
		Chart chart = new Chart();
		chart.render(results);
		Path file = directory.resolve(SVG);
		try {
			Files.createDirectories(directory);
			Files.writeString(file, chart.svg, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
		return file;
	}

	private void render(Results results) {
		int width = PANEL_WIDTH * 3 + 40;
		int height = TOP + PANEL_HEIGHT + 10;
		this.svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
				width, height, width, height));
		this.svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
		text(20, 24, "Domain event publisher vs KafkaProducer and KafkaTemplate (" + results.settings.name() + " run; "
				+ "median of " + results.settings.repetitions() + ", whiskers least–greatest)", "start", 15, "bold");
		Peer[] peers = Peer.core();
		for (int p = 0; p < peers.length; p++) {
			int x = 20 + p * 190;
			this.svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"36\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, COLORS[p]));
			text(x + 17, 46, peers[p].label(), "start", 12, "normal");
		}
		List<String> groups = new ArrayList<>();
		List<Spread[]> bars = new ArrayList<>();
		for (int size : results.settings.jsonSizes()) {
			for (int threads : results.settings.threadCounts()) {
				groups.add(Report.size(size) + ", " + threads + "t");
				Spread[] row = new Spread[peers.length];
				for (int p = 0; p < peers.length; p++) {
					row[p] = scaled(results.throughput(peers[p], size, threads), 1e-3);
				}
				bars.add(row);
			}
		}
		panel(20, "Throughput (thousand events/s)", groups, bars, false);
		groups = new ArrayList<>();
		bars = new ArrayList<>();
		for (int percent : results.settings.loadPercents()) {
			groups.add(percent + "% load");
			Spread[] row = new Spread[peers.length];
			for (int p = 0; p < peers.length; p++) {
				row[p] = results.latency(peers[p], percent, LatencySample::p99Millis);
			}
			bars.add(row);
		}
		panel(20 + PANEL_WIDTH + 10, "p99 latency, " + Report.size(results.settings.latencyJsonBytes())
				+ " (ms, log scale)", groups, bars, true);
		groups = new ArrayList<>();
		bars = new ArrayList<>();
		for (String condition : List.of(Harness.NORMAL, Harness.PAUSE)) {
			groups.add(condition.equals(Harness.PAUSE) ? "broker paused" : "normal load");
			Spread[] row = new Spread[peers.length];
			for (int p = 0; p < peers.length; p++) {
				row[p] = results.callTime(peers[p], condition, CallSample::p999Micros);
			}
			bars.add(row);
		}
		panel(20 + 2 * (PANEL_WIDTH + 10), "Call time p99.9 (µs, log scale)", groups, bars, true);
		this.svg.append("</svg>\n");
	}

	private static Spread scaled(Spread spread, double factor) {
		return new Spread(spread.median() * factor, spread.min() * factor, spread.max() * factor, spread.count());
	}

	private void panel(int x0, String title, List<String> groups, List<Spread[]> bars, boolean log) {
		int left = x0 + 50;
		int right = x0 + PANEL_WIDTH - 10;
		int top = TOP + 20;
		int bottom = TOP + PANEL_HEIGHT - 30;
		text((left + right) / 2, TOP + 6, title, "middle", 13, "bold");
		double lo = Double.MAX_VALUE;
		double hi = 0;
		for (Spread[] row : bars) {
			for (Spread spread : row) {
				if (!spread.isEmpty() && spread.max() > 0) {
					hi = Math.max(hi, spread.max());
					lo = Math.min(lo, Math.max(spread.min(), 1e-3));
				}
			}
		}
		if (hi <= 0) {
			text((left + right) / 2, (top + bottom) / 2, "no data", "middle", 12, "normal");
			return;
		}
		Scale scale = log ? Scale.log(lo, hi) : Scale.linear(hi);
		for (double tick : scale.ticks()) {
			double y = bottom - scale.fraction(tick) * (bottom - top);
			this.svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e2e8f0\"/>%n", left, y, right, y));
			text(left - 5, y + 4, tickLabel(tick), "end", 11, "normal");
		}
		this.svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a5568\"/>%n", left, bottom, right, bottom));
		double groupWidth = (double) (right - left) / groups.size();
		double barWidth = groupWidth * 0.8 / COLORS.length;
		for (int g = 0; g < groups.size(); g++) {
			double gx = left + g * groupWidth + groupWidth * 0.1;
			text((int) (left + (g + 0.5) * groupWidth), bottom + 16, groups.get(g), "middle", 11, "normal");
			Spread[] row = bars.get(g);
			for (int p = 0; p < row.length; p++) {
				Spread spread = row[p];
				if (spread.isEmpty() || !(spread.median() > 0)) {
					continue;
				}
				double bx = gx + p * barWidth;
				double y = bottom - scale.fraction(spread.median()) * (bottom - top);
				this.svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
						bx, y, barWidth - 2, bottom - y, COLORS[p], label(spread.median())));
				double yMin = bottom - scale.fraction(spread.min()) * (bottom - top);
				double yMax = bottom - scale.fraction(spread.max()) * (bottom - top);
				double cx = bx + (barWidth - 2) / 2;
				this.svg.append(String.format(Locale.ROOT,
						"<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" stroke=\"#1a202c\" fill=\"none\"/>%n",
						cx, yMin, yMax, cx - 3, yMin, 6.0, cx - 3, yMax, 6.0));
				text((int) cx, (int) Math.min(yMax, y) - 4, label(spread.median()), "middle", 9, "normal");
			}
		}
	}

	private void text(int x, double y, String content, String anchor, int size, String weight) {
		this.svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"#1a202c\">%s</text>%n",
				x, y, anchor, size, weight, escape(content)));
	}

	private static String label(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		if (value >= 0.1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

	private static String tickLabel(double tick) {
		if (tick == Math.rint(tick)) {
			return String.format(Locale.ROOT, "%,.0f", tick);
		}
		return String.format(Locale.ROOT, "%s", new java.math.BigDecimal(tick).round(new java.math.MathContext(3))
			.stripTrailingZeros()
			.toPlainString());
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Maps values to a fraction of a panel's height. */
	private interface Scale {

		double fraction(double value);

		List<Double> ticks();

		static Scale linear(double max) {
			double step = Math.pow(10, Math.floor(Math.log10(max)));
			if (max / step < 2) {
				step /= 5;
			}
			else if (max / step < 5) {
				step /= 2;
			}
			double top = Math.ceil(max * 1.08 / step) * step;
			double tickStep = step;
			return new Scale() {

				@Override
				public double fraction(double value) {
					return Math.max(0, value) / top;
				}

				@Override
				public List<Double> ticks() {
					List<Double> ticks = new ArrayList<>();
					for (double tick = 0; tick <= top + tickStep / 2; tick += tickStep) {
						ticks.add(tick);
					}
					return ticks;
				}

			};
		}

		static Scale log(double min, double max) {
			double low = Math.floor(Math.log10(min / 2));
			double high = Math.ceil(Math.log10(max * 1.3));
			if (high <= low) {
				high = low + 1;
			}
			double from = low;
			double to = high;
			return new Scale() {

				@Override
				public double fraction(double value) {
					return (Math.log10(Math.max(value, Math.pow(10, from))) - from) / (to - from);
				}

				@Override
				public List<Double> ticks() {
					List<Double> ticks = new ArrayList<>();
					for (double exponent = from; exponent <= to; exponent++) {
						ticks.add(Math.pow(10, exponent));
					}
					return ticks;
				}

			};
		}

	}

}
