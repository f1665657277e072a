package org.callorchestrator.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import tools.jackson.databind.json.JsonMapper;

/** Test-side access to the sandbox's admin API over HTTP, as other teams would use it. */
final class SandboxAdmin {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String adminUrl;

	SandboxAdmin(VobizSandbox sandbox) {
		this.adminUrl = sandbox.adminUrl();
	}

	HttpResponse<String> put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.adminUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.adminUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.adminUrl + path)).GET());
	}

	void reset() {
		post("/reset", "{}");
	}

	void faults(String planJson) {
		HttpResponse<String> response = put("/faults", planJson);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Fault plan refused: " + response.body());
		}
	}

	/**
	 * {@code GET /webhooks/dropped}: events dropped by {@code webhook_drops} since the
	 * reset, and their calls.
	 */
	WebhookDispatcher.Dropped droppedWebhooks() {
		return this.json.readValue(get("/webhooks/dropped").body(), WebhookDispatcher.Dropped.class);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
