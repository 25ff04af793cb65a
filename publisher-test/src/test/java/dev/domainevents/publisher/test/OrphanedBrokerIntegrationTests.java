/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker must not outlive the JVM that started it, however that JVM ends. */
class OrphanedBrokerIntegrationTests {

	private final List<String> parentOutput = new CopyOnWriteArrayList<>();

	private Optional<Process> parent = Optional.empty();

	private Optional<ProcessHandle> brokerProcess = Optional.empty();

	@AfterEach
	void killWhateverIsLeft() {
		// Only reached with something alive when the test failed: do not leave a broker eating the cores.
		this.brokerProcess.ifPresent(ProcessHandle::destroyForcibly);
		this.parent.ifPresent(Process::destroyForcibly);
	}

	@Test
	void aBrokerDiesWhenTheJvmThatStartedItIsKilled(@TempDir Path temp) throws Exception {
		List<String> command = JavaCommand.write(temp.resolve("parent.args"), List.of("-Xmx256m"),
				BrokerParentMain.class.getName(), List.of());
		Process parentJvm = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.parent = Optional.of(parentJvm);
		CompletableFuture<Long> brokerPid = CompletableFuture.supplyAsync(() -> readBrokerPid(parentJvm));
		long pid = brokerPid.get(90, TimeUnit.SECONDS);
		this.brokerProcess = ProcessHandle.of(pid);
		Path dataDirectory = dataDirectory();

		assertThat(this.brokerProcess).as("the broker's process").isPresent();
		assertThat(this.brokerProcess.get().isAlive()).as("the broker lives while its parent does").isTrue();
		assertThat(this.brokerProcess.get().parent().map(ProcessHandle::pid)).contains(parentJvm.pid());

		// SIGKILL: no shutdown hook of the parent runs, only the broker's own watchdog can end it.
		parentJvm.destroyForcibly();
		assertThat(parentJvm.waitFor(10, TimeUnit.SECONDS)).as("the parent JVM died").isTrue();

		await("the orphaned broker exits").atMost(Duration.ofSeconds(15))
			.until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
		await("the orphaned broker deletes its data").atMost(Duration.ofSeconds(5))
			.until(() -> !Files.exists(dataDirectory));
	}

	private long readBrokerPid(Process parentJvm) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(parentJvm.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				this.parentOutput.add(line);
				if (line.startsWith(BrokerParentMain.PID_PREFIX)) {
					return Long.parseLong(line.substring(BrokerParentMain.PID_PREFIX.length()).trim());
				}
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		throw new IllegalStateException("The parent JVM ended without starting a broker:\n"
				+ String.join("\n", this.parentOutput));
	}

	private Path dataDirectory() {
		return this.parentOutput.stream()
			.filter((line) -> line.startsWith(BrokerParentMain.DATA_DIRECTORY_PREFIX))
			.map((line) -> Path.of(line.substring(BrokerParentMain.DATA_DIRECTORY_PREFIX.length()).trim()))
			.findFirst()
			.orElseThrow();
	}

}
