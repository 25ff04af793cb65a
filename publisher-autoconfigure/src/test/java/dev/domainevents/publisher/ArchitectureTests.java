/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher;

import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import dev.domainevents.publisher.autoconfigure.DomainEventPublisherAutoConfiguration;
import dev.domainevents.publisher.kafka.TestTracing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency rules between the packages of the main code of publisher-core and publisher-autoconfigure.
 * <p>
 * Layers, from the bottom: the API ({@code dev.domainevents.publisher}, what callers use); the extension points
 * ({@code routing}, {@code serialization}, {@code observation}), which applications implement and which may use the
 * API's types; the pipeline ({@code kafka}), which implements the API with them; and, in the Spring Boot module, the
 * auto-configuration, the actuator support and the meters. The extension points belong with the API rather than with
 * the pipeline: they are public contracts that users implement, so they may not reach into the pipeline either.
 * <p>
 * Only the classes compiled from the two modules' {@code src/main} are imported: the test class path also holds the
 * test-support module and the core's test jar, which {@link ImportOption.DoNotIncludeTests} would not exclude.
 */
class ArchitectureTests {

	private static final String API = "dev.domainevents.publisher";

	private static final String[] EXTENSION_POINTS = { API + ".routing..", API + ".serialization..",
			API + ".observation.." };

	private static final String PIPELINE = API + ".kafka..";

	// The Reactor adapter ships in the Spring Boot module: like the rest of it, nothing below may depend on it.
	private static final String[] SPRING_BOOT_SUPPORT = { API + ".autoconfigure..", API + ".actuate..",
			API + ".metrics..", API + ".reactor.." };

	private static final JavaClasses mainClasses = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importLocations(Set.of(mainClassesOf(DomainEventPublisher.class),
				mainClassesOf(DomainEventPublisherAutoConfiguration.class)));

	@Test
	void onlyTheMainClassesOfCoreAndAutoConfigurationAreImported() {
		assertThat(mainClasses.contain(DomainEventPublisher.class)).isTrue();
		assertThat(mainClasses.contain(DomainEventPublisherAutoConfiguration.class)).isTrue();
		assertThat(mainClasses.contain(TestTracing.class)).as("a class of the core's test jar").isFalse();
		assertThat(mainClasses).noneMatch((javaClass) -> javaClass.getPackageName().startsWith(API + ".test")
				|| javaClass.getSimpleName().endsWith("Tests"));
	}

	@Test
	void theApiDependsOnNeitherThePipelineNorTheSpringBootSupport() {
		noClasses().that()
			.resideInAPackage(API)
			.and()
			.areTopLevelClasses()
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(new String[] { PIPELINE }, SPRING_BOOT_SUPPORT))
			.check(mainClasses);
	}

	@Test
	void theExtensionPointsDependOnNeitherThePipelineNorTheSpringBootSupport() {
		noClasses().that()
			.resideInAnyPackage(EXTENSION_POINTS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(new String[] { PIPELINE }, SPRING_BOOT_SUPPORT))
			.check(mainClasses);
	}

	@Test
	void theCoreDependsOnNeitherTheSpringBootSupportNorSpringBoot() {
		noClasses().that()
			.resideInAnyPackage(concat(new String[] { API, PIPELINE }, EXTENSION_POINTS))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(new String[] { "org.springframework.boot.." }, SPRING_BOOT_SUPPORT))
			.because("publisher-core is usable without Spring Boot, through KafkaDomainEventPublisher.builder()")
			.check(mainClasses);
	}

	@Test
	void theReactorAdapterUsesTheApiAloneAndKnowsNothingOfSpring() {
		assertThat(mainClasses.contain(API + ".reactor.ReactiveDomainEventPublisher")).as("the adapter").isTrue();
		noClasses().that()
			.resideInAPackage(API + ".reactor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(PIPELINE, API + ".journal..", API + ".autoconfigure..", API + ".actuate..",
					API + ".metrics..", "org.springframework..", "org.apache.kafka..")
			.because("it wraps any DomainEventPublisher, an application's own or a test double, and is usable "
					+ "without Spring")
			.check(mainClasses);
	}

	@Test
	void noMainCodeDependsOnTheTestSupport() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage(API + ".test..")
			.because("the test-support module brings a broker and JUnit, which no application should ship")
			.check(mainClasses);
	}

	@Test
	void onlyTheEventLifecycleChangesAnEventsStage() {
		String pendingEvent = API + ".kafka.PendingEvent";
		String stage = API + ".kafka.EventLifecycle$Stage";
		// The rule would pass vacuously if these were renamed: make sure they exist first.
		JavaClass pendingEventClass = mainClasses.get(pendingEvent);
		assertThat(pendingEventClass.getMethod("compareAndSetStage", stage, stage)).isNotNull();
		assertThat(pendingEventClass.getMethod("setStage", stage)).isNotNull();
		noClasses().that(areNotPartOf("EventLifecycle", "PendingEvent"))
			.should()
			.callMethod(pendingEvent, "compareAndSetStage", stage, stage)
			.orShould()
			.callMethod(pendingEvent, "setStage", stage)
			.because("one owner of the moves keeps an event's stage consistent; every other class asks it")
			.check(mainClasses);
	}

	@Test
	void onlyThePipelineUsesTheJournal() {
		assertThat(mainClasses.contain(API + ".journal.Journal")).as("the journal's entry point").isTrue();
		noClasses().that()
			.resideOutsideOfPackages(API + ".journal..", PIPELINE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(API + ".journal..")
			.because("applications configure the journal through the builder or properties; its types are public "
					+ "only for the pipeline, and its format and threads may change")
			.check(mainClasses);
	}

	@Test
	void theJournalKnowsNothingOfKafkaSpringOrThePipeline() {
		noClasses().that()
			.resideInAPackage(API + ".journal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(new String[] { PIPELINE, "org.apache.kafka..", "org.springframework.." },
					SPRING_BOOT_SUPPORT))
			.because("the journal stores bytes on local disk; what they mean is the pipeline's business")
			.check(mainClasses);
	}

	@Test
	void theSpringBootCompatibilityCheckUsesOnlyTypesThatSpringBoot3AlsoHas() {
		String compatibility = API + ".autoconfigure.compatibility";
		assertThat(mainClasses.contain(compatibility + ".SpringBootCompatibilityCheck")).as("the check").isTrue();
		// Packages, not types: an approximation that catches a Boot 4 module's import; the compatibility-tests
		// module proves the classes load and report on a real Spring Boot 3.
		classes().that()
			.resideInAPackage(compatibility)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(compatibility, "java..", "org.jspecify..", "org.springframework.boot",
					"org.springframework.boot.diagnostics", "org.springframework.context", "org.springframework.core",
					"org.springframework.util")
			.because("they run on Spring Boot 3 to say that the starter needs Spring Boot 4; a type that Boot 3 "
					+ "lacks, or a class of ours that needs one, would fail them with a NoClassDefFoundError")
			.check(mainClasses);
	}

	@Test
	void thePackagesAreFreeOfCycles() {
		slices().assignedFrom(publisherPackages()).should().beFreeOfCycles().check(mainClasses);
	}

	// Each package of dev.domainevents.publisher, the API itself included, is a slice of its own.
	private static SliceAssignment publisherPackages() {
		return new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				String packageName = javaClass.getPackageName();
				return (packageName.equals(API) || packageName.startsWith(API + ".")) ? SliceIdentifier.of(packageName)
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "the packages of " + API;
			}

		};
	}

	// A class that is none of these top-level classes of the pipeline, nor nested in or local to one of them.
	private static DescribedPredicate<JavaClass> areNotPartOf(String... topLevelSimpleNames) {
		Set<String> names = Set.of(topLevelSimpleNames);
		return DescribedPredicate.describe("are not part of " + names, (javaClass) -> {
			JavaClass topLevel = javaClass;
			while (topLevel.getEnclosingClass().isPresent()) {
				topLevel = topLevel.getEnclosingClass().get();
			}
			return !(topLevel.getPackageName().equals(API + ".kafka") && names.contains(topLevel.getSimpleName()));
		});
	}

	private static Location mainClassesOf(Class<?> type) {
		CodeSource codeSource = type.getProtectionDomain().getCodeSource();
		try {
			return Location.of(codeSource.getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
