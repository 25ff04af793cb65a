/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.DomainEventPublisher;
import dev.domainevents.publisher.EventMessage;
import dev.domainevents.publisher.JournalMode;
import dev.domainevents.publisher.PublishReceipt;
import dev.domainevents.publisher.kafka.KafkaDomainEventPublisher;
import dev.domainevents.publisher.metrics.DomainEventPublisherMetrics;
import dev.domainevents.publisher.routing.AnnotationEventRouter;
import dev.domainevents.publisher.routing.EventRoute;
import dev.domainevents.publisher.routing.EventRouter;
import dev.domainevents.publisher.serialization.EventSerializer;
import dev.domainevents.publisher.serialization.JsonEventSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link DomainEventPublisherAutoConfiguration}, without a broker: the producer connects lazily.
 */
@ExtendWith(OutputCaptureExtension.class)
class DomainEventPublisherAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				DomainEventPublisherAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092");

	@Test
	void registersAPublisherWithItsRouterAndSerializer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DomainEventPublisher.class)
				.hasSingleBean(KafkaDomainEventPublisher.class)
				.hasSingleBean(DomainEventPublisherLifecycle.class);
			assertThat(context.getBean(EventRouter.class)).isInstanceOf(AnnotationEventRouter.class);
			assertThat(context.getBean(EventSerializer.class)).isInstanceOf(JsonEventSerializer.class);
		});
	}

	@Test
	void bootsKafkaTemplateRemainsTheOnlyTemplateAndProducerFactory() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaTemplate.class).hasSingleBean(ProducerFactory.class);
			assertThat(context.getBean(KafkaTemplate.class)).isSameAs(context.getBean("kafkaTemplate"));
		});
	}

	@Test
	void whenTheUserDefinesAPublisherTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(UserPublisherConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DomainEventPublisher.class)
				.doesNotHaveBean(KafkaDomainEventPublisher.class);
			assertThat(context.getBean(DomainEventPublisher.class))
				.isSameAs(context.getBean(UserPublisherConfiguration.class).publisher);
		});
	}

	@Test
	void whenTheUserDefinesARouterAndASerializerTheyAreUsed() {
		this.contextRunner.withUserConfiguration(UserExtensionsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EventRouter.class).hasSingleBean(EventSerializer.class);
			assertThat(context.getBean(EventRouter.class)).isSameAs(UserExtensionsConfiguration.router);
			assertThat(context.getBean(EventSerializer.class)).isSameAs(UserExtensionsConfiguration.serializer);
			assertThat(context).hasSingleBean(KafkaDomainEventPublisher.class);
		});
	}

	@Test
	void whenDisabledByPropertyNothingIsRegistered() {
		this.contextRunner.withPropertyValues("domain-events.publisher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventPublisher.class)
				.doesNotHaveBean(EventRouter.class)
				.doesNotHaveBean(DomainEventPublisherLifecycle.class));
	}

	@Test
	void whenSpringKafkaIsMissingTheAutoConfigurationBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DomainEventPublisher.class));
	}

	@Test
	void whenJacksonIsMissingAndNoSerializerIsDefinedStartupFailsWithAClearMessage() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("No EventSerializer")
				.hasMessageContaining("define an EventSerializer bean");
		});
	}

	@Test
	void whenJacksonIsMissingAUserSerializerIsEnough() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withUserConfiguration(UserExtensionsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(KafkaDomainEventPublisher.class));
	}

	@Test
	void propertiesAreBound() {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.default-topic=events",
					"domain-events.publisher.topics.OrderPlaced=orders", "domain-events.publisher.queue.max-events=500",
					"domain-events.publisher.queue.max-bytes=2MB", "domain-events.publisher.overflow-policy=block",
					"domain-events.publisher.overflow-timeout=250ms", "domain-events.publisher.delivery-timeout=30s",
					"domain-events.publisher.metadata-wait=20ms", "domain-events.publisher.in-flight.max-bytes=4MB",
					"domain-events.publisher.shutdown-timeout=12s", "domain-events.publisher.source=/shop",
					"domain-events.publisher.producer.linger.ms=20",
					"domain-events.publisher.queue.parked-share-per-topic=0.1")
			.run((context) -> {
				DomainEventPublisherProperties properties = context.getBean(DomainEventPublisherProperties.class);
				assertThat(properties.getDefaultTopic()).isEqualTo("events");
				assertThat(properties.getTopics()).containsEntry("OrderPlaced", "orders");
				assertThat(properties.getQueue().getMaxEvents()).isEqualTo(500);
				assertThat(properties.getQueue().getMaxBytes().toMegabytes()).isEqualTo(2);
				assertThat(properties.getQueue().getParkedSharePerTopic()).isEqualTo(0.1);
				assertThat(properties.getOverflowPolicy()).isEqualTo(dev.domainevents.publisher.OverflowPolicy.BLOCK);
				assertThat(properties.getOverflowTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getDeliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getMetadataWait()).isEqualTo(Duration.ofMillis(20));
				assertThat(properties.getInFlight().getMaxBytes().toMegabytes()).isEqualTo(4);
				assertThat(properties.getProducer()).containsEntry("linger.ms", "20");
				assertThat(context.getBean(DomainEventPublisherLifecycle.class).getShutdownTimeout())
					.isEqualTo(Duration.ofSeconds(12));
				assertThat(context).hasSingleBean(KafkaDomainEventPublisher.class);
			});
	}

	@Test
	void anOutOfRangeValueFailsStartupNamingThePropertyItsValueAndWhy() {
		this.contextRunner.withPropertyValues("domain-events.publisher.queue.max-events=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (invalid) -> {
					assertThat(invalid.getName()).isEqualTo("domain-events.publisher.queue.max-events");
					assertThat(invalid.getValue()).isEqualTo("0");
				})
				.hasMessage("Property domain-events.publisher.queue.max-events with value '0' is invalid: "
						+ "must be positive");
		});
		this.contextRunner.withPropertyValues("domain-events.publisher.delivery-timeout=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.delivery-timeout with value '-1s' is invalid: "
						+ "must be positive"));
		this.contextRunner.withPropertyValues("domain-events.publisher.queue.parked-share-per-topic=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.queue.parked-share-per-topic with value '0' is invalid: "
						+ "must be more than 0 and at most 1"));
		this.contextRunner.withPropertyValues("domain-events.publisher.in-flight.max-bytes=0B")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.in-flight.max-bytes with value '0B' is invalid: "
						+ "must be positive"));
	}

	@Test
	void theJournalPropertiesAreBound(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("domain-events.publisher.journal.mode=write-ahead",
					"domain-events.publisher.journal.directory=" + directory,
					"domain-events.publisher.journal.max-bytes=64MB",
					"domain-events.publisher.journal.replay.initial-backoff=250ms",
					"domain-events.publisher.journal.replay.max-backoff=1m")
			.run((context) -> {
				DomainEventPublisherProperties.Journal journal = context.getBean(DomainEventPublisherProperties.class)
					.getJournal();
				assertThat(journal.getMode()).isEqualTo(JournalMode.WRITE_AHEAD);
				assertThat(journal.getDirectory()).isEqualTo(directory);
				assertThat(journal.getMaxBytes()).isEqualTo(DataSize.ofMegabytes(64));
				assertThat(journal.getReplay().getInitialBackoff()).isEqualTo(Duration.ofMillis(250));
				assertThat(journal.getReplay().getMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
				assertThat(context).hasSingleBean(KafkaDomainEventPublisher.class);
			});
	}

	@Test
	void aJournalModeWithoutADirectoryFailsStartupNamingTheDirectoryProperty() {
		this.contextRunner.withPropertyValues("domain-events.publisher.journal.mode=on-failure").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (invalid) -> {
					assertThat(invalid.getName()).isEqualTo("domain-events.publisher.journal.directory");
					assertThat(invalid.getValue()).isNull();
					assertThat(invalid.getReason()).startsWith(
							"a directory is required when domain-events.publisher.journal.mode is 'on-failure'");
				});
		});
		this.contextRunner
			.withPropertyValues("domain-events.publisher.journal.mode=WRITE_AHEAD",
					"domain-events.publisher.journal.directory=")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (invalid) -> {
					assertThat(invalid.getName()).isEqualTo("domain-events.publisher.journal.directory");
					assertThat(invalid.getValue()).isEqualTo("");
					assertThat(invalid.getReason()).startsWith(
							"a directory is required when domain-events.publisher.journal.mode is 'WRITE_AHEAD'");
				}));
	}

	@Test
	void aJournalModeWithoutADirectoryIsExplainedByBootsFailureAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplicationBuilder(JournalApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.build();
		assertThatThrownBy(() -> application.run("--spring.kafka.bootstrap-servers=localhost:19092",
				"--domain-events.publisher.journal.mode=on-failure"))
			.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%n"
					+ "Invalid value 'null' for configuration property 'domain-events.publisher.journal.directory'. "
					+ "Validation failed for the following reason:%n%n"
					+ "a directory is required when domain-events.publisher.journal.mode is 'on-failure' "
					+ "(\"domain-events.publisher.journal.mode\" from property source \"commandLineArgs\"); set it "
					+ "to a directory on local disk that only this instance uses, or set the mode to 'off'%n%n"
					+ "Action:%n%nReview the value of the property with the provided reason."));
	}

	@Test
	void anOutOfRangeJournalValueFailsStartupNamingThePropertyItsValueAndWhy(@TempDir Path directory) {
		ApplicationContextRunner journal = this.contextRunner.withPropertyValues(
				"domain-events.publisher.journal.mode=on-failure", "domain-events.publisher.journal.directory=" + directory);
		journal.withPropertyValues("domain-events.publisher.journal.max-bytes=512KB")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property domain-events.publisher.journal.max-bytes with value '512KB' is invalid: "
						+ "must be at least 1 MiB"));
		journal.withPropertyValues("domain-events.publisher.journal.replay.initial-backoff=0ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.journal.replay.initial-backoff with value '0ms' is "
						+ "invalid: must be positive"));
		journal.withPropertyValues("domain-events.publisher.journal.replay.max-backoff=50ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property domain-events.publisher.journal.replay.max-backoff with value '50ms' is "
						+ "invalid: must not be shorter than replayInitialBackoff"));
	}

	@Test
	void anOutOfRangeValueFromACustomizerFailsStartupInTheBuildersOwnWords() {
		this.contextRunner
			.withBean(DomainEventPublisherBuilderCustomizer.class, () -> (builder) -> builder.maxQueuedEvents(-5))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isExactlyInstanceOf(IllegalArgumentException.class)
				.hasMessage("maxQueuedEvents must be positive"));
	}

	@Test
	void theDrainFitsInTheShutdownPhaseAndRunsAfterTheWebServerAndListenerContainers() {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s").run((context) -> {
			DomainEventPublisherLifecycle lifecycle = context.getBean(DomainEventPublisherLifecycle.class);
			assertThat(lifecycle.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(15));
			assertThat(lifecycle.getPhase())
				.isLessThan(org.springframework.boot.web.server.context.WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
				.isLessThan(org.springframework.kafka.listener.AbstractMessageListenerContainer.DEFAULT_PHASE)
				.isGreaterThan(0);
		});
	}

	@Test
	void closingTheContextClosesThePublisher() {
		this.contextRunner.run((context) -> {
			KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
			context.close();
			CompletableFuture<PublishReceipt> afterClose = publisher.publish(EventMessage.of("x").withTopic("t"));
			assertThat(afterClose).isCompletedExceptionally();
		});
	}

	@Test
	void theSourceDefaultsToTheApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=order-service").run((context) -> {
			assertThat(DomainEventPublisherAutoConfiguration.source(
					context.getBean(DomainEventPublisherProperties.class), context.getEnvironment()))
				.isEqualTo("/order-service");
		});
	}

	@Test
	void producerPropertiesComeFromBootAndTheConnectionDetailsWithThePublishersOwnOnTop() {
		KafkaProperties kafka = new KafkaProperties();
		kafka.setBootstrapServers(List.of("from-properties:9092"));
		kafka.setClientId("shop");
		kafka.getProducer().setTransactionIdPrefix("tx-");
		kafka.getProducer().setAcks("1");
		kafka.getProducer().setBatchSize(org.springframework.util.unit.DataSize.ofKilobytes(32));
		kafka.getProducer().getProperties().put("transactional.id", "forced");
		kafka.getProducer().getProperties().put("enable.idempotence", "false");
		KafkaConnectionDetails connectionDetails = () -> List.of("from-connection-details:9092");
		DomainEventPublisherProperties publisher = new DomainEventPublisherProperties();
		publisher.getProducer().put("linger.ms", "25");

		Map<String, Object> merged = PublisherProducerProperties.merge(kafka, connectionDetails, publisher, "ignored");

		assertThat(merged).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("from-connection-details:9092"))
			.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-domain-events")
			.containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 32 * 1024)
			.containsEntry(ProducerConfig.LINGER_MS_CONFIG, "25")
			.doesNotContainKeys(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ACKS_CONFIG,
					ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
	}

	@Test
	void thePublishersProducerAcknowledgesWithAllReplicasAndIsIdempotentWhateverBootsTemplateUses() {
		this.contextRunner
			.withPropertyValues("spring.kafka.producer.acks=1",
					"spring.kafka.producer.properties.enable.idempotence=false")
			.run((context) -> assertThat(context.getBean(KafkaDomainEventPublisher.class).configuration().producer())
				.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
				.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
	}

	@Test
	void thePublishersOwnProducerPropertiesMayStillChooseOtherAcknowledgements() {
		this.contextRunner.withPropertyValues("domain-events.publisher.producer.acks=1")
			.run((context) -> assertThat(context.getBean(KafkaDomainEventPublisher.class).configuration().producer())
				.containsEntry(ProducerConfig.ACKS_CONFIG, "1"));
	}

	@Test
	void withoutAnApplicationNameOrClientIdTheProducerHasTheBuildersClientId() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(KafkaDomainEventPublisher.class).configuration().producer())
				.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "domain-events-publisher"));
		this.contextRunner.withPropertyValues("spring.application.name=shop")
			.run((context) -> assertThat(context.getBean(KafkaDomainEventPublisher.class).configuration().producer())
				.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-domain-events"));
	}

	@Test
	void bootsKafkaPropertiesAreRegisteredOnceByBootsOwnAutoConfiguration() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KafkaProperties.class)
			.hasSingleBean(KafkaDomainEventPublisher.class));
	}

	@Test
	void whenBootsKafkaAutoConfigurationIsExcludedThePublisherBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					DomainEventPublisherAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=localhost:19092")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KafkaProperties.class)
				.doesNotHaveBean(DomainEventPublisher.class));
	}

	@Test
	void withTwoJsonMappersAndNoPrimaryOneThePublisherUsesItsOwnRatherThanFailing() {
		this.contextRunner.withBean("firstMapper", JsonMapper.class, JsonMapper::new)
			.withBean("secondMapper", JsonMapper.class, JsonMapper::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(KafkaDomainEventPublisher.class)
				.hasSingleBean(EventSerializer.class));
	}

	@Test
	void aStoppedContextRefusesToStartAgainBecauseItsPublisherIsClosed() {
		this.contextRunner.run((context) -> {
			DomainEventPublisherLifecycle lifecycle = context.getBean(DomainEventPublisherLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			context.stop();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(context.getBean(KafkaDomainEventPublisher.class).publish(EventMessage.of("x").withTopic("t")))
				.isCompletedExceptionally();
			assertThatThrownBy(context::start).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("cannot be reopened");
			assertThat(lifecycle.isRunning()).isFalse();
		});
	}

	@Test
	void withAMeterRegistryThePublishersMetersAreBound() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DomainEventPublisherMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(DomainEventPublisherMetrics.class));
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DomainEventPublisherMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DomainEventPublisherMetrics.class));
	}

	@Test
	void aCompletionExecutorBeanWithTheReservedNameIsUsed() {
		this.contextRunner.withPropertyValues("domain-events.publisher.delivery-timeout=1s")
			.withBean(DomainEventPublisherAutoConfiguration.COMPLETION_EXECUTOR_BEAN_NAME, Executor.class,
					() -> Executors.newSingleThreadExecutor((task) -> {
						Thread thread = new Thread(task, "reserved-completion-executor");
						thread.setDaemon(true);
						return thread;
					}))
			.run((context) -> {
				KafkaDomainEventPublisher publisher = context.getBean(KafkaDomainEventPublisher.class);
				// No broker answers: the event fails at its deadline, and its future completes on the executor.
				CompletableFuture<PublishReceipt> future = publisher.publish(EventMessage.of("x").withTopic("t"));
				CompletableFuture<String> callbackThread = future
					.handle((receipt, error) -> Thread.currentThread().getName());
				// Waited for through the callback: a thread blocked in the future's get() runs the callbacks still pending
				// when it wakes (CompletableFuture.waitingGet), and would name itself.
				assertThat(callbackThread).succeedsWithin(Duration.ofSeconds(30))
					.as("the thread that ran the caller's callback")
					.isEqualTo("reserved-completion-executor");
				assertThat(future).isCompletedExceptionally();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
			DomainEventPublisherAutoConfiguration.class })
	static class JournalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPublisherConfiguration {

		final DomainEventPublisher publisher = new DomainEventPublisher() {

			@Override
			public CompletableFuture<PublishReceipt> publish(Object event) {
				return new CompletableFuture<>();
			}

			@Override
			public CompletableFuture<PublishReceipt> publish(EventMessage message) {
				return new CompletableFuture<>();
			}

		};

		@Bean
		DomainEventPublisher userPublisher() {
			return this.publisher;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExtensionsConfiguration {

		static final EventRouter router = (event) -> EventRoute.to("user-topic");

		static final EventSerializer serializer = (event) -> event.toString().getBytes();

		@Bean
		EventRouter userRouter() {
			return router;
		}

		@Bean
		EventSerializer userSerializer() {
			return serializer;
		}

	}

}
