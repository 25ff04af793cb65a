/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.quickstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the README's quick start: the code blocks of its "Your first event" section whose first line names a
 * file ({@code // src/main/java/...} or {@code # src/main/resources/...}), as a user copies them into a project.
 */
final class ReadmeQuickStart {

	static final String SECTION = "### Your first event";

	private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

	private static final Pattern FILE_NAME = Pattern.compile("^(?://|#)\\s*(src/\\S+)\\s*$");

	private final Map<String, String> files;

	private ReadmeQuickStart(Map<String, String> files) {
		this.files = files;
	}

	/**
	 * Reads the quick start from the project's README, found from the working directory upwards.
	 * @return the quick start's files by path
	 */
	static ReadmeQuickStart read() throws IOException {
		return parse(Files.readString(readme(), StandardCharsets.UTF_8));
	}

	static ReadmeQuickStart parse(String readme) {
		List<String> lines = readme.lines().toList();
		int start = lines.indexOf(SECTION);
		if (start < 0) {
			throw new IllegalStateException("The README has no section '" + SECTION + "'");
		}
		Map<String, String> files = new LinkedHashMap<>();
		List<String> block = null;
		for (String line : lines.subList(start + 1, lines.size())) {
			if (block == null && line.startsWith("## ")) {
				break;
			}
			if (block == null && line.startsWith("### ")) {
				break;
			}
			Matcher fence = FENCE.matcher(line);
			if (block == null && fence.matches() && !fence.group(1).isEmpty()) {
				block = new ArrayList<>();
			}
			else if (block != null && fence.matches() && fence.group(1).isEmpty()) {
				Matcher fileName = block.isEmpty() ? null : FILE_NAME.matcher(block.get(0));
				if (fileName != null && fileName.matches()) {
					String content = String.join("\n", block.subList(1, block.size())) + "\n";
					if (files.put(fileName.group(1), content) != null) {
						throw new IllegalStateException("The quick start names " + fileName.group(1) + " twice");
					}
				}
				block = null;
			}
			else if (block != null) {
				block.add(line);
			}
		}
		return new ReadmeQuickStart(Map.copyOf(files));
	}

	Map<String, String> files() {
		return this.files;
	}

	/**
	 * Writes the files into a project directory, at the paths their first lines name.
	 * @param project the project's root
	 */
	void writeTo(Path project) throws IOException {
		for (Map.Entry<String, String> file : this.files.entrySet()) {
			Path path = project.resolve(file.getKey());
			Files.createDirectories(path.getParent());
			Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
		}
	}

	private static Path readme() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path readme = directory.resolve("README.md");
			if (Files.isRegularFile(readme) && Files.isDirectory(directory.resolve("sample-app"))) {
				return readme;
			}
		}
		throw new IllegalStateException("No README.md beside a sample-app directory above " + Path.of("").toAbsolutePath());
	}

}
