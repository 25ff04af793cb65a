/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.quickstart;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.test.ChildClasspath;
import dev.domainevents.publisher.test.JavaCommand;
import dev.domainevents.sample.inbox.ParentWatchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, as a newcomer follows it: its files copied into an empty project, compiled, and its test
 * application run (which starts a broker of its own in a child JVM), then an order placed over HTTP. The project is
 * compiled on the starter's class path and run in a JVM of its own, without the sample's classes and configuration.
 */
class QuickStartIntegrationTests {

	private static final Path PROJECT = Path.of("target", "quick-start");

	private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ReadmeQuickStart quickStart;

	private Process application;

	@BeforeAll
	static void copyTheQuickStartIntoAnEmptyProject() throws IOException {
		FileSystemUtils.deleteRecursively(PROJECT);
		quickStart = ReadmeQuickStart.read();
		quickStart.writeTo(PROJECT);
	}

	@AfterEach
	void stopTheApplication() throws InterruptedException {
		if (this.application != null && this.application.isAlive()) {
			this.application.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void theQuickStartIsAWholeApplicationWithATestApplicationThatBringsABroker() {
		assertThat(quickStart.files()).containsOnlyKeys("src/main/java/com/example/orders/OrderPlaced.java",
				"src/main/java/com/example/orders/PlaceOrderRequest.java",
				"src/main/java/com/example/orders/OrderController.java",
				"src/main/java/com/example/orders/OrderServiceApplication.java",
				"src/main/resources/application.yml",
				"src/test/java/com/example/orders/TestOrderServiceApplication.java");
	}

	@Test
	void theAsyncRequestTimeoutOutlastsTheLongestAnEventCanTake() {
		Map<String, Object> configuration = new Yaml()
			.load(quickStart.files().get("src/main/resources/application.yml"));
		Duration requestTimeout = duration(configuration, "spring", "mvc", "async", "request-timeout");
		Duration deliveryTimeout = duration(configuration, "domain-events", "publisher", "delivery-timeout");
		assertThat(value(configuration, "domain-events", "publisher", "overflow-policy")).isEqualTo("reject");
		// With reject, acceptance is the call itself: the future completes within delivery-timeout of the request,
		// plus the few milliseconds of the deadline timer and the hand-off.
		assertThat(requestTimeout).isGreaterThanOrEqualTo(deliveryTimeout.plusSeconds(1));
	}

	@Test
	void theQuickStartCompilesAndItsTestApplicationPublishesAnOrderToItsOwnBroker() throws Exception {
		Path classes = compile();
		this.application = start(classes);
		int port = awaitPort();

		Set<Integer> partitions = new HashSet<>();
		for (String customer : List.of("c-1", "c-2", "c-3", "c-4", "c-5", "c-6")) {
			HttpResponse<String> response = placeOrder(port, customer);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode receipt = json.readTree(response.body());
			assertThat(receipt.get("orderId").asString()).isNotBlank();
			assertThat(receipt.get("eventId").asString()).isNotBlank();
			assertThat(receipt.get("offset").asLong()).isNotNegative();
			partitions.add(receipt.get("partition").asInt());
		}
		// The three partitions of the NewTopic bean, not the one partition of a topic the broker would create.
		assertThat(partitions).hasSizeGreaterThan(1).allSatisfy((partition) -> assertThat(partition).isBetween(0, 2));

		// SIGTERM, as Ctrl+C or a container stop: the publisher drains and the broker stops with the context.
		this.application.destroy();
		assertThat(this.application.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
		assertThat(log()).doesNotContain(" ERROR ");
	}

	private static HttpResponse<String> placeOrder(int port, String customer) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(BodyPublishers.ofString("{\"customerId\":\"" + customer + "\",\"total\":12.50}"))
				.build(), BodyHandlers.ofString());
	}

	private static Path compile() throws IOException {
		Path classes = Files.createDirectories(PROJECT.resolve("target/classes"));
		List<Path> sources;
		try (Stream<Path> files = Files.walk(PROJECT.resolve("src"))) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		StringWriter diagnostics = new StringWriter();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null,
				StandardCharsets.UTF_8)) {
			Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(sources);
			// As spring-boot-starter-parent compiles: -parameters; and no deprecated API in what newcomers copy.
			List<String> options = List.of("--release", "17", "-parameters", "-proc:none", "-Xlint:deprecation",
					"-Werror", "-d", classes.toString(), "-classpath", ChildClasspath.join(starterClassPath()));
			boolean compiled = compiler.getTask(diagnostics, fileManager, null, options, null, units).call();
			assertThat(compiled).as("The quick start does not compile:%n%s", diagnostics).isTrue();
		}
		Files.copy(PROJECT.resolve("src/main/resources/application.yml"), classes.resolve("application.yml"));
		return classes;
	}

	private static Process start(Path classes) throws IOException {
		List<Path> classPath = new ArrayList<>();
		classPath.add(classes.toAbsolutePath());
		classPath.addAll(starterClassPath());
		List<String> command = JavaCommand.write(PROJECT.resolve("java.args"),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), classPath,
				"com.example.orders.TestOrderServiceApplication",
				List.of("--server.port=0", "--context.initializer.classes=" + ParentWatchdog.class.getName()));
		// Standard input stays a pipe from this JVM: the watchdog halts the child when it closes.
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(PROJECT.resolve("application.log").toFile())
			.start();
	}

	/**
	 * The class path a user's project has: this module's, without the sample's own classes and configuration (its
	 * test classes stay, for the watchdog; they hold no configuration).
	 */
	private static List<Path> starterClassPath() {
		// Failsafe puts the module's jar on the class path where Surefire puts target/classes: leave out both.
		Path target = Path.of("target").toAbsolutePath().normalize();
		Path testClasses = target.resolve("test-classes");
		return ChildClasspath.current()
			.stream()
			.filter((entry) -> entry.equals(testClasses) || !entry.startsWith(target))
			.toList();
	}

	private int awaitPort() {
		Matcher[] port = new Matcher[1];
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(this.application.isAlive()).as("The application stopped:%n%s", log()).isTrue();
			Matcher matcher = TOMCAT_PORT.matcher(log());
			assertThat(matcher.find()).isTrue();
			port[0] = matcher;
		});
		return Integer.parseInt(port[0].group(1));
	}

	private static String log() {
		try {
			return Files.readString(PROJECT.resolve("application.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Duration duration(Map<String, Object> configuration, String... path) {
		return DurationStyle.detectAndParse(String.valueOf(value(configuration, path)));
	}

	@SuppressWarnings("unchecked")
	private static Object value(Map<String, Object> configuration, String... path) {
		Object value = configuration;
		for (String key : path) {
			assertThat(value).as("application.yml has no %s", String.join(".", path)).isInstanceOf(Map.class);
			value = ((Map<String, Object>) value).get(key);
		}
		assertThat(value).as("application.yml has no %s", String.join(".", path)).isNotNull();
		return value;
	}

}
