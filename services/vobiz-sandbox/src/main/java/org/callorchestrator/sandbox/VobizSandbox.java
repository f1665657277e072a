package org.callorchestrator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox embedded in another program (tests, benchmarks, the local stack), on a free port unless
 * {@code server.port} is given.
 *
 * <pre>
 * try (VobizSandbox sandbox = VobizSandbox.start(Map.of("sandbox.latency.fixed", "200ms"))) {
 *     VobizClient client = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
 * }
 * </pre>
 */
public final class VobizSandbox implements AutoCloseable {

	private static final java.net.http.HttpClient ADMIN = java.net.http.HttpClient.newHttpClient();

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private VobizSandbox(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static VobizSandbox start() {
		return start(Map.of());
	}

	/** Starts with these Spring properties (e.g. {@code sandbox.timing.talk-duration=2s}). */
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
			java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(adminUrl() + path))
				.header("Content-Type", "application/json")
				.method(method, (json != null) ? java.net.http.HttpRequest.BodyPublishers.ofString(json)
						: java.net.http.HttpRequest.BodyPublishers.noBody())
				.build();
			return ADMIN.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
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

	/** Action requests received for {@code callId} with this action ({@code accept}, {@code terminate}, …). */
	public int actionRequests(String callId, String action) {
		String body = admin("GET", "/actions?call_id="
				+ java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8), null);
		String count = body.replaceAll(".*\"" + action + "\":(\\d+).*", "$1");
		return count.equals(body) ? 0 : Integer.parseInt(count);
	}

	private int dials(String sdpOffer, String field) {
		String body = admin("GET", "/dials?sdp_offer="
				+ java.net.URLEncoder.encode(sdpOffer, java.nio.charset.StandardCharsets.UTF_8), null);
		return Integer.parseInt(body.replaceAll(".*\"" + field + "\":(\\d+).*", "$1"));
	}

	/**
	 * What the fault plan's {@code webhook_drops} dropped since the last reset ({@code GET /sandbox/webhooks/dropped}):
	 * the number of events and the ids of the calls that lost at least one.
	 */
	public org.callorchestrator.sandbox.webhooks.WebhookDispatcher.Dropped droppedWebhooks() {
		return JSON.readValue(admin("GET", "/webhooks/dropped", null),
				org.callorchestrator.sandbox.webhooks.WebhookDispatcher.Dropped.class);
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
