package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's headers ({@link VobizRequestHeaders}) travel with every request, and never
 * replace the client's own.
 */
class RequestHeadersTest {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private HttpServer vobiz;

	private final Map<String, List<String>> received = new ConcurrentHashMap<>();

	@BeforeEach
	void start() throws IOException {
		this.vobiz = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.vobiz.createContext("/api/v1/messaging/calls/whatsapp", exchange -> {
			exchange.getRequestHeaders().forEach((name, values) -> this.received.put(name.toLowerCase(), values));
			exchange.getRequestBody().readAllBytes();
			byte[] body = "{\"call_id\":\"c-1\",\"status\":\"initiated\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(201, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.vobiz.start();
	}

	@AfterEach
	void stop() {
		this.vobiz.stop(0);
	}

	@Test
	void sendsTheCallersHeadersWithARequest() {
		client(header -> header.accept("traceparent", TRACEPARENT)).initiateCall(initiate());

		assertThat(this.received).containsEntry("traceparent", List.of(TRACEPARENT));
	}

	@Test
	void neverLetsACallersHeaderReplaceTheCredentials() {
		client(header -> {
			header.accept("X-Auth-Token", "someone-elses");
			header.accept("Content-Type", "text/plain");
		}).initiateCall(initiate());

		assertThat(this.received).containsEntry("x-auth-token", List.of("sandbox-token"))
			.containsEntry("content-type", List.of("application/json"));
	}

	@Test
	void sendsTheRequestWhenAddingTheCallersHeadersFails() {
		VobizOutcome<InitiateCallResponse> outcome = client(header -> {
			throw new IllegalStateException("no context");
		}).initiateCall(initiate());

		assertThat(outcome).isInstanceOf(VobizOutcome.Success.class);
	}

	private VobizClient client(VobizRequestHeaders headers) {
		return new VobizClient(
				VobizClientSettings.of("http://127.0.0.1:" + this.vobiz.getAddress().getPort() + "/api/v1/messaging",
						"MA_XXXXXXXX", "sandbox-token"),
				VobizRequestListener.NONE, VobizRequestGate.OPEN, headers);
	}

	private static InitiateCallRequest initiate() {
		return new InitiateCallRequest("3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f", "+919876543210", "v=0");
	}

}
