package org.callorchestrator.tryit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.callorchestrator.schema.CallStatus;
import picocli.CommandLine.Option;

/**
 * call-state's query API, {@code GET /calls/{call_id}}: a call's snapshot as JSON (the
 * {@code CallState} schema's field names), 404 for a call it does not know, 503 while its
 * store is not queryable (a rebalance or a restore).
 */
final class CallStateClient {

	private static final ObjectMapper json = new ObjectMapper();

	/**
	 * How long one request may take, and how long an unreachable call-state may keep the
	 * user waiting.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final long RETRY_MILLIS = 100;

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	@Option(names = "--state-url", paramLabel = "URL", defaultValue = "${env:CALL_STATE_URL:-http://127.0.0.1:8085}",
			description = "call-state's HTTP API, for the call's snapshot (default: ${DEFAULT-VALUE}, env CALL_STATE_URL)")
	String stateUrl;

	/** {@code …/calls/{callId}}. */
	String callUrl(String callId) {
		String base = this.stateUrl.endsWith("/") ? this.stateUrl.substring(0, this.stateUrl.length() - 1)
				: this.stateUrl;
		return base + "/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8);
	}

	/**
	 * The call's snapshot, pretty-printed, once it shows what the demo saw on the topics:
	 * {@code status} at {@code sequence} (or later) and, when {@code withDuration}, the
	 * duration the final call log brought. call-state updates its store in the
	 * transaction that publishes a transition, but a call log's facts reach the snapshot
	 * a moment after the log itself is readable: a 404, a 503 or a snapshot behind is
	 * asked again every {@value #RETRY_MILLIS} ms for up to {@code patience}; then a
	 * snapshot behind is printed as it is, and a 404 or 503 is a {@link Failure}. An
	 * unreachable call-state is a {@link Failure} at once.
	 */
	String snapshot(String callId, CallStatus status, int sequence, boolean withDuration, Duration patience) {
		String url = callUrl(callId);
		Instant deadline = Instant.now().plus(patience);
		while (true) {
			HttpResponse<String> response = get(url);
			if (response.statusCode() == 200) {
				JsonNode snapshot = parse(url, response.body());
				boolean upToDate = status.name().equals(snapshot.path("status").asText())
						&& snapshot.path("sequence").asInt() >= sequence
						&& (!withDuration || !snapshot.path("duration_seconds").isNull());
				if (upToDate || Instant.now().isAfter(deadline)) {
					return pretty(snapshot);
				}
			}
			else if (response.statusCode() != 404 && response.statusCode() != 503) {
				throw new Failure(
						"call-state answered " + response.statusCode() + " to GET " + url + ": " + response.body());
			}
			else if (Instant.now().isAfter(deadline)) {
				throw new Failure("call-state answered " + response.statusCode() + " to GET " + url + " for "
						+ patience.toSeconds() + " s: " + response.body());
			}
			pause();
		}
	}

	private static HttpResponse<String> get(String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new Failure("call-state did not answer at " + url + " (" + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + "; --state-url or CALL_STATE_URL "
					+ "if it runs elsewhere)" + Failure.HINT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failure("interrupted while asking call-state at " + url);
		}
	}

	private static JsonNode parse(String url, String body) {
		try {
			return json.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new Failure("call-state's answer to GET " + url + " is not JSON: " + ex.getOriginalMessage());
		}
	}

	private static String pretty(JsonNode snapshot) {
		try {
			return json.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(RETRY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failure("interrupted while asking call-state");
		}
	}

}
