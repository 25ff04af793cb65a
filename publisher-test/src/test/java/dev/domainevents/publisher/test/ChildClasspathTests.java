/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChildClasspathTests {

	@TempDir
	Path temp;

	@Test
	void aManifestOnlyJarIsReplacedByTheEntriesOfItsClassPathAttribute() throws IOException {
		Path classes = Files.createDirectories(this.temp.resolve("target/classes"));
		Path library = Files.createDirectories(this.temp.resolve("repository")).resolve("library.jar");
		jar(library, null);
		Path booter = this.temp.resolve("booter/surefirebooter.jar");
		Files.createDirectories(booter.getParent());
		jar(booter, "../target/classes/ " + library.toUri() + " missing.jar");

		assertThat(ChildClasspath.expand(booter.toString())).containsExactly(booter, classes, library);
	}

	@Test
	void jarsReferencedByReferencedJarsAreExpandedOnceInClassPathOrder() throws IOException {
		Path inner = this.temp.resolve("inner.jar");
		jar(inner, null);
		Path middle = this.temp.resolve("middle.jar");
		jar(middle, "inner.jar");
		Path outer = this.temp.resolve("outer.jar");
		jar(outer, "middle.jar inner.jar");

		assertThat(ChildClasspath.expand(outer + File.pathSeparator + inner)).containsExactly(outer, middle, inner);
	}

	@Test
	void thisJvmsClassPathContainsTheTestClassesAndKafka() {
		assertThat(ChildClasspath.currentAsArgument()).contains("test-classes").contains("kafka_2.13");
	}

	private static void jar(Path path, String classPath) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (classPath != null) {
			manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
		}
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.flush();
		}
	}

}
