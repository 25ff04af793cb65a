/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.compatibility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.SpringVersion;
import org.springframework.stereotype.Component;

import dev.domainevents.publisher.DomainEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Spring Boot 3 application with the starter on its class path, as a user's build on Boot 3's dependency
 * management gives it: Boot 3, spring-kafka 3 and kafka-clients 3, beside the Boot 4 modules that the starter brings.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBoot3IntegrationTests {

	private static final String CHECK = "dev.domainevents.publisher.autoconfigure.compatibility."
			+ "SpringBootCompatibilityCheck";

	@Test
	void theClassPathIsThatOfASpringBoot3Application() {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.");
		assertThat(SpringVersion.getVersion()).startsWith("6.");
	}

	@Test
	void theApplicationFailsToStartWithAReportThatNamesWhatItNeeds(CapturedOutput output) {
		assertThatIllegalStateException().isThrownBy(() -> run(new SpringApplication(OrderService.class)))
			.withMessageContaining("runs on Spring Boot " + SpringBootVersion.getVersion())
			.satisfies((ex) -> assertThat(ex.getClass().getSimpleName()).isEqualTo("IncompatibleSpringBootException"));
		assertThat(output).contains("APPLICATION FAILED TO START", "Description:\n\nThe Domain Event Publisher starter "
				+ "(dev.domainevents:domain-event-publisher-spring-boot-starter) requires Spring Boot 4.0.x (with Spring "
				+ "Framework 7, spring-kafka 4.0, kafka-clients 4.1 and Jackson 3), but the application runs on Spring "
				+ "Boot " + SpringBootVersion.getVersion() + " (Spring Framework " + SpringVersion.getVersion()
				+ ", spring-kafka 3.", "Action:\n\nUpgrade the application to Spring Boot 4.0.x. There is no release of "
				+ "this starter for Spring Boot 3: on Spring Boot 3, remove "
				+ "dev.domainevents:domain-event-publisher-spring-boot-starter from the application's dependencies.");
		// Nothing before the report: no warning, no error, no stack trace, and none of the failure it forestalls.
		assertThat(warningsAndErrors(output)).singleElement()
			.asString()
			.contains("ERROR", "o.s.b.d.LoggingFailureAnalysisReporter");
		assertThat(output).doesNotContain("Application run failed", "\tat ", "Threading", "Exception");
	}

	// The README quotes the report a user sees: keep the quote true to it.
	@Test
	void theReadmeQuotesTheReportAsItIs(CapturedOutput output) throws IOException {
		assertThatIllegalStateException().isThrownBy(() -> run(new SpringApplication(OrderService.class)));
		String report = output.getAll().substring(output.getAll().indexOf("***************************")).strip();
		assertThat(Files.readString(Path.of("..", "README.md"))).contains("```\n" + report + "\n```");
	}

	// What the check forestalls: Boot 3 reads the auto-configurations of Boot 4's spring-boot-kafka and fails on a
	// type that moved in Boot 4 (KafkaAnnotationDrivenConfiguration's @ConditionalOnThreading). Should this change, the
	// check still comes first, but the README's account of Boot 3 needs a look.
	@Test
	void withoutTheCheckTheApplicationFailsOnTheAutoConfigurationsOfSpringBoot4(CapturedOutput output) {
		SpringApplication application = new SpringApplication(OrderService.class);
		application.setInitializers(application.getInitializers()
			.stream()
			.filter((initializer) -> !initializer.getClass().getName().equals(CHECK))
			.collect(Collectors.toList()));
		Throwable failure = catchThrowable(() -> run(application));
		assertThat(failure).hasRootCauseInstanceOf(ClassNotFoundException.class)
			.rootCause()
			.hasMessage("org.springframework.boot.thread.Threading");
		assertThat(output).contains("Application run failed").doesNotContain("APPLICATION FAILED TO START");
	}

	private static void run(SpringApplication application) {
		application.run("--spring.main.web-application-type=none", "--spring.kafka.bootstrap-servers=localhost:1");
	}

	private static List<String> warningsAndErrors(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
	}

	/**
	 * A user's application: a service that publishes events.
	 */
	@SpringBootApplication
	static class OrderService {

		@Component
		static class Orders {

			Orders(DomainEventPublisher events) {
			}

		}

	}

}
