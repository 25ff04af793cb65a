/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.test.KafkaBroker;
import dev.domainevents.publisher.test.WithKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole order service on a real broker, the example to copy: {@code @WithKafkaBroker} gives the application
 * context the test run's shared broker, as its {@code KafkaConnectionDetails}, with the {@code orders} topic of three
 * partitions; an order travels from {@code POST /orders} through Kafka to the listener. Nothing else wires the two.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithKafkaBroker(topics = "orders:3")
@ExtendWith(OutputCaptureExtension.class)
class OrderServiceIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private OrderEventsListener listener;

	@Autowired
	private ConfigurableEnvironment environment;

	@Autowired
	private KafkaBroker broker;

	@Autowired
	private KafkaConnectionDetails connectionDetails;

	@Test
	void theServiceConnectsToTheBrokerOfTheTests() {
		assertThat(this.broker.isRunning()).isTrue();
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
		assertThat(this.connectionDetails.getBootstrapServers()).containsExactly(this.broker.bootstrapServers());
		assertThat(this.connectionDetails.getProducer().getBootstrapServers())
			.containsExactly(this.broker.bootstrapServers());
	}

	// The README's example ("A real broker in your integration tests"): keep the two alike.
	@Test
	void anOrderPublishesOrderPlacedToTheOrdersTopic() throws Exception {
		HttpResponse<String> response = post("/orders", "{\"customerId\":\"c-1\",\"total\":12.50}");
		assertThat(response.statusCode()).isEqualTo(201);
		String eventId = json.readValue(response.body(), OrderReceipt.class).eventId();

		List<ConsumerRecord<byte[], byte[]>> records = this.broker.consume("orders", 1, Duration.ofSeconds(30));

		assertThat(records).anySatisfy((record) -> {
			assertThat(record.key()).asString(StandardCharsets.UTF_8).isEqualTo("c-1");
			assertThat(record.headers().lastHeader("ce_id").value()).asString(StandardCharsets.UTF_8).isEqualTo(eventId);
		});
	}

	@Test
	void anOrderAnswers201WithTheReceiptAndTheListenerReadsTheSameEvent(CapturedOutput output) throws Exception {
		HttpResponse<String> response = post("/orders", "{\"customerId\":\"c-42\",\"total\":12.50}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		OrderReceipt receipt = json.readValue(response.body(), OrderReceipt.class);
		assertThat(receipt.orderId()).isNotBlank();
		assertThat(receipt.eventId()).isNotBlank();
		assertThat(receipt.topic()).isEqualTo("orders");
		assertThat(receipt.partition()).isBetween(0, 2);
		assertThat(receipt.offset()).isNotNegative();
		assertThat(receipt.timestamp()).isNotNull();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.listener.recentEvents())
				.contains(new ReceivedEvent(receipt.eventId(), "dev.domainevents.sample.OrderPlaced", "c-42",
						receipt.partition(), receipt.offset())));
		assertThat(output).contains("ce_id=" + receipt.eventId() + " ce_type=dev.domainevents.sample.OrderPlaced"
				+ " key=c-42 partition=" + receipt.partition() + " offset=" + receipt.offset());
		// The listener logs where the event is, not what it says.
		assertThat(output).doesNotContain("\"total\"");
	}

	@Test
	void anOrderWithoutACustomerIsRefusedWith400() throws Exception {
		HttpResponse<String> response = post("/orders", "{\"total\":12.50}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("customerId is required");
	}

	@Test
	void theActuatorShowsThePublishersHealthMetersAndEndpoint() throws Exception {
		assertThat(post("/orders", "{\"customerId\":\"c-7\",\"total\":3.00}").statusCode()).isEqualTo(201);

		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json.readTree(health.body()).at("/components/domainEventPublisher/status").asString()).isEqualTo("UP");
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.body()).contains("domainEventPublisher");
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		assertThat(liveness.body()).doesNotContain("domainEventPublisher");

		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).contains("domain_events_accepted_events_total", "domain_events_succeeded_events_total",
				"domain_events_queue_size_events", "domain_events_oldest_pending_age_seconds",
				"domain_events_latency_seconds_count{result=\"success\",topic=\"orders\"}",
				"kafka_producer_record_send_total");

		String endpoint = get("/actuator/domainevents").body();
		assertThat(json.readTree(endpoint).at("/configuration/source").asString()).isEqualTo("/order-service");
		assertThat(json.readTree(endpoint).at("/stats/succeeded").asLong()).isPositive();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

}
