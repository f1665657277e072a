package org.callorchestrator.tryit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

/**
 * The Vobiz sandbox's admin API ({@code /sandbox}, no auth; see
 * services/vobiz-sandbox/README.md): what a real Vobiz account cannot do on request, such
 * as a user calling the business.
 */
final class SandboxAdmin {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	@Option(names = "--sandbox-url", paramLabel = "URL",
			defaultValue = "${env:VOBIZ_SANDBOX_URL:-http://127.0.0.1:8090}",
			description = "The Vobiz sandbox (default: ${DEFAULT-VALUE}, env VOBIZ_SANDBOX_URL)")
	String sandboxUrl;

	/** A call the sandbox started: its Vobiz id and Meta's. */
	record InboundCall(String callId, String metaCallId) {
	}

	/**
	 * {@code POST /sandbox/inbound-calls}: a user calls the business; the sandbox sends
	 * the signed webhook.
	 */
	InboundCall startInboundCall(String from, String channelId, String sdpOffer) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("from", from);
		if (channelId != null) {
			body.put("channel_id", channelId);
		}
		body.put("sdp_offer", sdpOffer);
		JsonNode created = post("/inbound-calls", body, 201);
		return new InboundCall(created.path("call_id").asText(), created.path("meta_call_id").asText(null));
	}

	/** The admin API's base, {@code …/sandbox}, whether or not the option named it. */
	String adminUrl() {
		String url = this.sandboxUrl.endsWith("/") ? this.sandboxUrl.substring(0, this.sandboxUrl.length() - 1)
				: this.sandboxUrl;
		return url.endsWith("/sandbox") ? url : url + "/sandbox";
	}

	private JsonNode post(String path, Object body, int expectedStatus) {
		String url = adminUrl() + path;
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.timeout(TIMEOUT)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
				.build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new Failure("the Vobiz sandbox answered " + response.statusCode() + " to POST " + url + ": "
						+ response.body());
			}
			return json.readTree(response.body());
		}
		catch (JsonProcessingException ex) {
			throw new Failure("the Vobiz sandbox's answer to POST " + url + " is not JSON: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw new Failure("the Vobiz sandbox did not answer at " + url + " (" + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + ")" + Failure.HINT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failure("interrupted while calling the Vobiz sandbox");
		}
	}

}
