package org.callorchestrator.vobiz;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server answering {@code POST /calls/whatsapp} with 201 and one call,
 * keeping each request's headers (names lower-cased), for the client's tests that need to
 * see what reached Vobiz.
 */
final class FakeVobizCalls implements AutoCloseable {

	private static final byte[] CREATED = "{\"call_id\":\"c-1\",\"from\":\"+911140001234\",\"to\":\"+919876543210\",\"status\":\"initiated\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

	FakeVobizCalls() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/v1/messaging/calls/whatsapp", exchange -> {
			Map<String, List<String>> headers = new ConcurrentHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
			this.requests.add(headers);
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, CREATED.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(CREATED);
			}
		});
		this.server.start();
	}

	/** The messaging base URL a client is configured with. */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v1/messaging";
	}

	/** Requests received so far. */
	int received() {
		return this.requests.size();
	}

	/** The headers of the last request received. */
	Map<String, List<String>> lastHeaders() {
		return this.requests.get(this.requests.size() - 1);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
