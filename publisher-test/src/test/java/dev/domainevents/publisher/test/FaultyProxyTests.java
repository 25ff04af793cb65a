/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The proxy between a client socket and a target socket that the test holds, so that it sees both ends. */
class FaultyProxyTests {

	/** How long a read waits to show that nothing arrives. */
	private static final int SILENCE_MILLIS = 300;

	private ServerSocket targetServer;

	private final BlockingQueue<Socket> targetSockets = new LinkedBlockingQueue<>();

	private final List<Socket> sockets = new ArrayList<>();

	private FaultyProxy proxy;

	@BeforeEach
	void startTargetAndProxy() throws IOException {
		this.targetServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					this.targetSockets.add(this.targetServer.accept());
				}
			}
			catch (IOException ex) {
				// Closed after the test.
			}
		}, "test-target-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
		this.proxy = FaultyProxy.start("127.0.0.1", this.targetServer.getLocalPort());
	}

	@AfterEach
	void closeEverything() throws IOException {
		this.proxy.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.targetSockets.forEach((socket) -> {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		});
		this.targetServer.close();
	}

	/** Connects a client through the proxy and returns both ends: the client's socket and the target's. */
	private Socket[] connect() throws Exception {
		Socket client = new Socket("127.0.0.1", this.proxy.port());
		client.setSoTimeout(10_000);
		this.sockets.add(client);
		Socket target = this.targetSockets.poll(10, TimeUnit.SECONDS);
		assertThat(target).as("the target's end of the connection").isNotNull();
		target.setSoTimeout(10_000);
		this.sockets.add(target);
		return new Socket[] { client, target };
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	private static String receive(Socket socket, int length) throws IOException {
		byte[] bytes = socket.getInputStream().readNBytes(length);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** Shows that nothing arrives on the socket for a while; the read times out rather than returning bytes. */
	private static void assertSilent(Socket socket) throws IOException {
		int timeout = socket.getSoTimeout();
		socket.setSoTimeout(SILENCE_MILLIS);
		try {
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
		}
		finally {
			socket.setSoTimeout(timeout);
		}
	}

	/** A close arrives as end of stream, or as a reset when the proxy closed with bytes unread. */
	private static void assertClosedByPeer(Socket socket) {
		try {
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		catch (IOException ex) {
			assertThat(ex).isNotInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void bytesPassInBothDirectionsAndAreCounted() throws Exception {
		Socket[] ends = connect();
		String request = "x".repeat(40_000);
		send(ends[0], request);
		assertThat(receive(ends[1], request.length())).isEqualTo(request);
		send(ends[1], "pong");
		assertThat(receive(ends[0], 4)).isEqualTo("pong");

		// A writer counts its bytes just after writing them, so the reader may be a moment ahead.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.proxy.bytesFromClients()).isEqualTo(40_000);
			assertThat(this.proxy.bytesToTarget()).isEqualTo(40_000);
			assertThat(this.proxy.bytesFromTarget()).isEqualTo(4);
			assertThat(this.proxy.bytesToClients()).isEqualTo(4);
		});
		assertThat(this.proxy.acceptedConnections()).isEqualTo(1);
		assertThat(this.proxy.openConnections()).isEqualTo(1);
		assertThat(this.proxy.address()).isEqualTo("127.0.0.1:" + this.proxy.port());
	}

	@Test
	void aBlackholeHoldsBytesInBothDirectionsKeepsSocketsOpenAndDeliversThemInOrderAfterwards() throws Exception {
		Socket[] ends = connect();
		send(ends[0], "warm");
		assertThat(receive(ends[1], 4)).isEqualTo("warm");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.proxy.bytesToTarget() == 4);

		this.proxy.blackhole();
		assertThat(this.proxy.isBlackholed()).isTrue();
		send(ends[0], "request-1 ");
		send(ends[1], "response-1 ");
		send(ends[0], "request-2");
		assertSilent(ends[1]);
		assertSilent(ends[0]);
		// The positive control: the proxy received the bytes and forwarded none of them.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.proxy.bytesFromClients() == 4 + 19 && this.proxy.bytesFromTarget() == 11);
		assertThat(this.proxy.bytesToTarget()).isEqualTo(4);
		assertThat(this.proxy.bytesToClients()).isZero();
		// A new connection is accepted, and the proxy connects it to the target, but nothing passes on it either.
		Socket[] late = connect();
		send(late[0], "late");
		assertSilent(late[1]);
		assertThat(this.proxy.acceptedConnections()).isEqualTo(2);
		assertThat(ends[0].isClosed() || ends[1].isClosed()).isFalse();

		this.proxy.pass();

		assertThat(receive(ends[1], 19)).isEqualTo("request-1 request-2");
		assertThat(receive(ends[0], 11)).isEqualTo("response-1 ");
		assertThat(receive(late[1], 4)).isEqualTo("late");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.proxy.bytesToTarget()).isEqualTo(4 + 19 + 4);
			assertThat(this.proxy.bytesToClients()).isEqualTo(11);
		});
	}

	@Test
	void aCloseDuringABlackholeArrivesAfterTheHeldBytes() throws Exception {
		Socket[] ends = connect();
		this.proxy.blackhole();
		send(ends[0], "last words");
		ends[0].shutdownOutput();
		assertSilent(ends[1]);

		this.proxy.pass();

		InputStream in = ends[1].getInputStream();
		assertThat(new String(in.readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("last words");
		assertThat(in.read()).as("end of stream").isEqualTo(-1);
		// Half-closed: the other direction still works until the target closes too.
		send(ends[1], "bye");
		assertThat(receive(ends[0], 3)).isEqualTo("bye");
		ends[1].close();
		assertThat(ends[0].getInputStream().read()).isEqualTo(-1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.proxy.openConnections() == 0);
	}

	@Test
	void aDelayAddsLatencyInEachDirectionWithoutLimitingThroughput() throws Exception {
		Socket[] ends = connect();
		this.proxy.delay(Duration.ofMillis(100));
		long start = System.nanoTime();
		send(ends[0], "ping");
		assertThat(receive(ends[1], 4)).isEqualTo("ping");
		long oneWay = System.nanoTime() - start;
		send(ends[1], "pong");
		assertThat(receive(ends[0], 4)).isEqualTo("pong");
		long roundTrip = System.nanoTime() - start;
		assertThat(oneWay).isBetween(TimeUnit.MILLISECONDS.toNanos(95), TimeUnit.MILLISECONDS.toNanos(600));
		assertThat(roundTrip).isBetween(TimeUnit.MILLISECONDS.toNanos(190), TimeUnit.MILLISECONDS.toNanos(1200));

		// Twenty messages sent 10 ms apart arrive about 100 ms after the last was sent, not 20 x 100 ms later.
		start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			send(ends[0], "m");
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // paces the messages
		}
		assertThat(receive(ends[1], 20)).isEqualTo("m".repeat(20));
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));

		this.proxy.delay(Duration.ZERO);
		start = System.nanoTime();
		send(ends[0], "fast");
		assertThat(receive(ends[1], 4)).isEqualTo("fast");
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(90));
	}

	@Test
	void aThrottleLimitsTheBytesPerSecondOfEachDirection() throws Exception {
		Socket[] ends = connect();
		this.proxy.throttle(100_000);
		byte[] payload = new byte[60_000];
		Arrays.fill(payload, (byte) 'y');
		long start = System.nanoTime();
		Thread writer = new Thread(() -> {
			try {
				ends[0].getOutputStream().write(payload);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		writer.start();
		assertThat(ends[1].getInputStream().readNBytes(payload.length)).isEqualTo(payload);
		long elapsed = System.nanoTime() - start;
		writer.join(5000);
		// 60,000 bytes at 100,000 bytes/s: 0.6 s, less the first slice (2,000 bytes) that goes at once.
		assertThat(elapsed).isBetween(TimeUnit.MILLISECONDS.toNanos(550), TimeUnit.MILLISECONDS.toNanos(1500));

		this.proxy.pass();
		start = System.nanoTime();
		ends[0].getOutputStream().write(payload);
		assertThat(ends[1].getInputStream().readNBytes(payload.length)).isEqualTo(payload);
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(300));
	}

	@Test
	void closingTheProxyClosesItsConnectionsAndEndsItsThreads() throws Exception {
		Socket[] ends = connect();
		this.proxy.blackhole();
		send(ends[0], "held");
		int port = this.proxy.port();

		this.proxy.close();

		assertClosedByPeer(ends[0]);
		assertClosedByPeer(ends[1]);
		assertThat(this.proxy.openConnections()).isZero();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.isAlive()
				&& thread.getName().startsWith("faulty-proxy-" + port + "-"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

}
