package org.callorchestrator.serde;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A unit-test stand-in for a registry (register, look up, fetch by id) that counts
 * requests and remembers the Authorization headers it saw; with {@link #requireBasicAuth}
 * it answers 401 to any other. Integration tests use the real registry instead.
 */
final class FakeRegistry implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	final HttpServer server;

	final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();

	final Map<Integer, String> schemasById = new ConcurrentHashMap<>();

	final AtomicInteger requests = new AtomicInteger();

	final List<String> authorizations = new CopyOnWriteArrayList<>();

	final AtomicInteger nextId = new AtomicInteger(1);

	private volatile String requiredAuthorization;

	FakeRegistry() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** From now on, answers 401 unless the request carries these credentials. */
	void requireBasicAuth(String user, String password) {
		this.requiredAuthorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		String auth = exchange.getRequestHeaders().getFirst("Authorization");
		if (auth != null) {
			this.authorizations.add(auth);
		}
		String required = this.requiredAuthorization;
		if (required != null && !required.equals(auth)) {
			reply(exchange, 401, Map.of("error_code", 401, "message", "Unauthorized"));
			return;
		}
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
			String schema = this.schemasById.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
			if (schema == null) {
				reply(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
			}
			else {
				reply(exchange, 200, Map.of("schema", schema));
			}
			return;
		}
		if (method.equals("POST") && path.startsWith("/subjects/")) {
			String schema = JSON.readTree(exchange.getRequestBody()).path("schema").asText();
			if (path.endsWith("/versions")) {
				int id = this.idsBySchema.computeIfAbsent(schema, s -> {
					int assigned = this.nextId.getAndIncrement();
					this.schemasById.put(assigned, s);
					return assigned;
				});
				reply(exchange, 200, Map.of("id", id));
			}
			else {
				Integer id = this.idsBySchema.get(schema);
				if (id == null) {
					reply(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
				}
				else {
					reply(exchange, 200, Map.of("id", id, "version", 1, "schema", schema));
				}
			}
			return;
		}
		reply(exchange, 404, Map.of("error_code", 404, "message", "Not found"));
	}

	private static void reply(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
