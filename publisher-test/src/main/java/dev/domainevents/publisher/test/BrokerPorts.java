/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback ports of a {@link ProcessKafkaBroker}, picked once so that every restart listens where its clients
 * already point.
 *
 * @param clients the PLAINTEXT listener, direct, for the broker's own clients and the tests'
 * @param controller the KRaft controller's listener
 * @param proxiedListener the PROXIED listener, which only the proxy connects to; -1 when not proxied
 * @param proxy the proxy's port, advertised for the PROXIED listener; -1 when not proxied
 */
record BrokerPorts(int clients, int controller, int proxiedListener, int proxy) {

	/** The address that every listener and the proxy bind: nothing outside this machine needs the broker. */
	static final String HOST = "127.0.0.1";

	/**
	 * Picks free ports: two, or four with the proxied listener and its proxy.
	 * @param proxied whether to pick the ports of the proxied listener and its proxy
	 * @return the ports
	 * @throws IOException if no port can be bound
	 */
	static BrokerPorts pick(boolean proxied) throws IOException {
		int[] ports = freePorts(proxied ? 4 : 2);
		return new BrokerPorts(ports[0], ports[1], proxied ? ports[2] : -1, proxied ? ports[3] : -1);
	}

	boolean proxied() {
		return this.proxy >= 0;
	}

	/**
	 * Picks free ports by binding port 0, all at once so that they differ. The broker binds them a moment later; another
	 * process could take one in between, which is unlikely enough on a test machine.
	 */
	private static int[] freePorts(int count) throws IOException {
		InetAddress loopback = InetAddress.getByName(HOST);
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, loopback);
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

}
