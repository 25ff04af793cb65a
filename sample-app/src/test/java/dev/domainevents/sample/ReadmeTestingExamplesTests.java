/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java example of the README's "Testing code that publishes events" is taken from one of the sample's tests,
 * which run in the build: each line of the example, in order, is a line of that test.
 */
class ReadmeTestingExamplesTests {

	private static final String SECTION = "## Testing code that publishes events";

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaExampleOfTheTestingSectionIsPartOfASampleTest() throws IOException {
		List<String> examples = examples();
		List<List<String>> tests = sampleTests();

		assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
		assertThat(examples).allSatisfy((example) -> assertThat(
				tests.stream().anyMatch((test) -> containsInOrder(test, lines(example))))
			.as("a sample test holding, in order, every line of the README's example:%n%s", example)
			.isTrue());
	}

	private static List<String> examples() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		int start = readme.indexOf(SECTION);
		assertThat(start).as("the README has a section '%s'", SECTION).isNotNegative();
		int end = readme.indexOf("\n## ", start + SECTION.length());
		Matcher blocks = JAVA_BLOCK.matcher(readme.substring(start, (end < 0) ? readme.length() : end));
		List<String> examples = new ArrayList<>();
		while (blocks.find()) {
			examples.add(blocks.group(1));
		}
		return examples;
	}

	private static List<List<String>> sampleTests() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
			List<List<String>> tests = new ArrayList<>();
			for (Path file : files.filter((path) -> path.toString().endsWith("Tests.java")).toList()) {
				tests.add(lines(Files.readString(file, StandardCharsets.UTF_8)));
			}
			return tests;
		}
	}

	/** The non-blank lines, trimmed and with runs of whitespace as one space: tabs in the code, spaces in the README. */
	private static List<String> lines(String text) {
		return text.lines().map((line) -> line.strip().replaceAll("\\s+", " ")).filter((line) -> !line.isEmpty()).toList();
	}

	private static boolean containsInOrder(List<String> test, List<String> example) {
		int next = 0;
		for (String line : test) {
			if (next < example.size() && line.equals(example.get(next))) {
				next++;
			}
		}
		return next == example.size();
	}

}
