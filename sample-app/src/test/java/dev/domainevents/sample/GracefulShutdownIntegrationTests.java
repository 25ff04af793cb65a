/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import dev.domainevents.publisher.test.ProcessKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code server.shutdown=graceful}, an order that is in flight when the application starts closing still gets
 * its event written and acknowledged: the web server waits for the request, and the publisher drains only in a later
 * lifecycle phase, while the embedded broker is still up.
 * <p>
 * The application is started here rather than by {@code @SpringBootTest}, because the test closes it.
 */
class GracefulShutdownIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void anOrderInFlightWhenTheApplicationStartsClosingIsStillPublishedAndAcknowledged() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class,
				HeldOrderController.class, SampleKafkaBroker.class)
			.main(SampleApplication.class)
			.properties("server.port=0")
			.run();
		try {
			HeldOrderController heldOrders = context.getBean(HeldOrderController.class);
			ProcessKafkaBroker broker = context.getBean(ProcessKafkaBroker.class);
			WebServerGracefulShutdownLifecycle gracefulShutdown = context
				.getBean(WebServerGracefulShutdownLifecycle.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/held-orders"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(60))
				.POST(BodyPublishers.ofString("{\"customerId\":\"c-7\",\"total\":99.90}"))
				.build(), BodyHandlers.ofString());
			assertThat(heldOrders.arrived.await(30, TimeUnit.SECONDS)).as("the request reached the controller").isTrue();

			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close,
					(task) -> new Thread(task, "context-close").start());
			// Shutdown is under way once the web server began its graceful shutdown and refuses new connections.
			await().atMost(Duration.ofSeconds(30)).until(() -> !gracefulShutdown.isRunning());
			await().atMost(Duration.ofSeconds(30)).until(() -> refusesConnections(port));
			assertThat(response).isNotDone();
			assertThat(closing).isNotDone();

			heldOrders.release.countDown();

			HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
			OrderReceipt receipt = json.readValue(answer.body(), OrderReceipt.class);
			assertThat(receipt.topic()).isEqualTo("orders");
			assertThat(receipt.offset()).isNotNegative();
			closing.get(60, TimeUnit.SECONDS);
			assertThat(broker.isRunning()).as("the embedded broker stops with the context").isFalse();
		}
		finally {
			context.close();
		}
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1000);
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Places orders like {@code POST /orders}, but only once the test lets it, so that the request is in flight
	 * while the application closes.
	 */
	@RestController
	static class HeldOrderController {

		final CountDownLatch arrived = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final OrderController orders;

		HeldOrderController(OrderController orders) {
			this.orders = orders;
		}

		@PostMapping("/held-orders")
		CompletableFuture<ResponseEntity<?>> placeHeldOrder(@RequestBody PlaceOrderRequest request)
				throws InterruptedException {
			this.arrived.countDown();
			if (!this.release.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never released the order");
			}
			return this.orders.placeOrder(request);
		}

	}

}
