/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * This JVM's class path for a child JVM or a compiler, with the manifest {@code Class-Path} of every jar expanded:
 * failsafe starts tests from a manifest-only jar that it deletes when its fork ends.
 */
public final class ExpandedClassPath {

	private ExpandedClassPath() {
	}

	/**
	 * Returns this JVM's class path, expanded.
	 * @return absolute paths in class-path order, without duplicates
	 */
	public static List<Path> entries() {
		Set<Path> entries = new LinkedHashSet<>();
		for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				add(Path.of(entry).toAbsolutePath().normalize(), entries);
			}
		}
		return List.copyOf(entries);
	}

	/**
	 * Joins class-path entries into one argument.
	 * @param entries the entries
	 * @return them, joined with the path separator
	 */
	public static String join(List<Path> entries) {
		return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
	}

	private static void add(Path entry, Set<Path> entries) {
		if (!entries.add(entry) || !Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
			return;
		}
		try (JarFile jar = new JarFile(entry.toFile())) {
			Manifest manifest = jar.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)
					: null;
			if (classPath == null || classPath.isBlank()) {
				return;
			}
			for (String token : classPath.trim().split("\\s+")) {
				Path referenced = Path.of(entry.getParent().toUri().resolve(token)).normalize();
				if (Files.exists(referenced)) {
					add(referenced, entries);
				}
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			// Not a readable jar, or an entry that is not a file URI: the JVM would skip it as well.
		}
	}

}
