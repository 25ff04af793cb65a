/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path for a child JVM, taken from this JVM's.
 * <p>
 * Surefire and failsafe start tests with a manifest-only booter jar: {@code java.class.path} is that one jar, and the
 * real entries are in its manifest's {@code Class-Path}. The entries are expanded here so that the child gets plain,
 * absolute paths that do not depend on the booter jar, which the plugin deletes when its fork ends. Also the class path
 * to compile against, in a test that compiles code on this JVM's class path.
 *
 * @since 0.1.0
 */
public final class ChildClasspath {

	private ChildClasspath() {
	}

	/**
	 * Returns this JVM's class path with every jar's manifest {@code Class-Path} expanded, in class-path order.
	 * @return absolute paths, without duplicates
	 */
	public static List<Path> current() {
		return expand(System.getProperty("java.class.path", ""));
	}

	/**
	 * Returns this JVM's expanded class path as one {@code -cp} argument.
	 * @return the entries joined with the path separator
	 */
	public static String currentAsArgument() {
		return join(current());
	}

	/**
	 * Joins class-path entries into one {@code -cp} argument.
	 * @param entries the entries
	 * @return them, joined with the path separator
	 */
	public static String join(List<Path> entries) {
		List<String> paths = new ArrayList<>();
		for (Path entry : entries) {
			paths.add(entry.toString());
		}
		return String.join(File.pathSeparator, paths);
	}

	static List<Path> expand(String classPath) {
		Set<Path> result = new LinkedHashSet<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				add(Path.of(entry).toAbsolutePath().normalize(), result);
			}
		}
		return List.copyOf(result);
	}

	private static void add(Path entry, Set<Path> result) {
		if (!result.add(entry)) {
			return;
		}
		if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
			for (Path referenced : manifestClassPath(entry)) {
				add(referenced, result);
			}
		}
	}

	/**
	 * Reads a jar's manifest {@code Class-Path}: space-separated URLs, relative to the jar's directory unless absolute.
	 * Entries that do not exist are dropped, as the JVM ignores them too.
	 */
	static List<Path> manifestClassPath(Path jar) {
		Manifest manifest;
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			manifest = jarFile.getManifest();
		}
		catch (IOException ex) {
			// Not a readable jar: the JVM would skip it as well.
			return List.of();
		}
		if (manifest == null) {
			return List.of();
		}
		String classPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
		if (classPath == null || classPath.isBlank()) {
			return List.of();
		}
		Path directory = jar.toAbsolutePath().getParent();
		List<Path> result = new ArrayList<>();
		for (String token : classPath.trim().split("\\s+")) {
			Path path = resolve(directory, token);
			if (path != null && Files.exists(path)) {
				result.add(path.normalize());
			}
		}
		return result;
	}

	private static @org.jspecify.annotations.Nullable Path resolve(Path directory, String token) {
		try {
			URI uri = directory.toUri().resolve(token);
			return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
		}
		catch (IllegalArgumentException ex) {
			// Not a valid URI (an unencoded space, for example): read it as a plain relative path.
			try {
				return directory.resolve(token);
			}
			catch (InvalidPathException invalid) {
				return null;
			}
		}
	}

}
