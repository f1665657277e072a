package org.callorchestrator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox embedded in another program (tests, benchmarks, the local stack), on a free
 * port unless {@code server.port} is given.
 *
 * <pre>
 * try (VobizSandbox sandbox = VobizSandbox.start(Map.of("sandbox.latency.fixed", "200ms"))) {
 *     VobizClient client = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
 * }
 * </pre>
 */
public final class VobizSandbox implements AutoCloseable {

	private static final HttpClient ADMIN = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private VobizSandbox(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static VobizSandbox start() {
		return start(Map.of());
	}

	/**
	 * Starts with these Spring properties (e.g. {@code sandbox.timing.talk-duration=2s}).
	 */
	public static VobizSandbox start(Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=" + properties.getOrDefault("server.port", "0"));
		args.add("--server.address=127.0.0.1");
		args.add("--spring.main.banner-mode=off");
		args.add("--spring.config.name=" + VobizSandboxApplication.CONFIG_NAME);
		args.add("--spring.jmx.enabled=false");
		properties.forEach((key, value) -> {
			if (!key.equals("server.port")) {
				args.add("--" + key + "=" + value);
			}
		});
		return new VobizSandbox(VobizSandboxApplication.application().run(args.toArray(String[]::new)));
	}

	/** The messaging base URL, e.g. {@code http://127.0.0.1:PORT/api/v1/messaging}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port + "/api/v1/messaging";
	}

	/** The admin API base URL, e.g. {@code http://127.0.0.1:PORT/sandbox}. */
	public String adminUrl() {
		return "http://127.0.0.1:" + this.port + "/sandbox";
	}

	public int port() {
		return this.port;
	}

	/**
	 * Calls the admin API ({@code /sandbox}) over HTTP, as other teams' tests would: e.g.
	 * {@code admin("PUT", "/faults", "{\"outage\":{\"seconds\":5}}")}.
	 * @param json request body, or null
	 * @return the response body
	 */
	public String admin(String method, String path, String json) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl() + path))
				.header("Content-Type", "application/json")
				.method(method,
						(json != null) ? HttpRequest.BodyPublishers.ofString(json)
								: HttpRequest.BodyPublishers.noBody())
				.build();
			return ADMIN.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Calls created for this SDP offer: more than one is a double dial. */
	public int callsCreated(String sdpOffer) {
		return dials(sdpOffer, "calls_created");
	}

	/** Create-call requests received for this SDP offer. */
	public int createRequests(String sdpOffer) {
		return dials(sdpOffer, "create_requests");
	}

	/**
	 * Action requests received for {@code callId} with this action ({@code accept},
	 * {@code terminate}, …).
	 */
	public int actionRequests(String callId, String action) {
		String body = admin("GET", "/actions?call_id=" + URLEncoder.encode(callId, StandardCharsets.UTF_8), null);
		return JsonMapper.builder().build().readTree(body).path(action).asInt(0);
	}

	/**
	 * The W3C {@code traceparent} headers the Calls API requests about {@code callId}
	 * carried, by request ({@code initiate}, {@code accept}, {@code terminate}, …), in
	 * arrival order ({@code GET /sandbox/traces?call_id=…}).
	 */
	public Map<String, List<String>> traceparents(String callId) {
		String body = admin("GET", "/traces?call_id=" + URLEncoder.encode(callId, StandardCharsets.UTF_8), null);
		return JSON.readValue(body, new TypeReference<Map<String, List<String>>>() {
		});
	}

	private int dials(String sdpOffer, String field) {
		String body = admin("GET", "/dials?sdp_offer=" + URLEncoder.encode(sdpOffer, StandardCharsets.UTF_8), null);
		return Integer.parseInt(body.replaceAll(".*\"" + field + "\":(\\d+).*", "$1"));
	}

	/**
	 * What the fault plan's {@code webhook_drops} dropped since the last reset
	 * ({@code GET /sandbox/webhooks/dropped}): the number of events and the ids of the
	 * calls that lost at least one.
	 */
	public WebhookDispatcher.Dropped droppedWebhooks() {
		return JSON.readValue(admin("GET", "/webhooks/dropped", null), WebhookDispatcher.Dropped.class);
	}

	/** A bean of the running sandbox (for tests that inspect state directly). */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
