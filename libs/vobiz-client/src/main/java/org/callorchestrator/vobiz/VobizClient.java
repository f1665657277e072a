package org.callorchestrator.vobiz;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.callorchestrator.vobiz.internal.ErrorEnvelopeReader;
import org.callorchestrator.vobiz.internal.OutcomeClassifier;
import org.callorchestrator.vobiz.internal.Rfc3339Instants;

/**
 * The Vobiz WhatsApp Calls API, one method per endpoint, each in an asynchronous form
 * (for many requests in flight) and a blocking one. No method throws for an HTTP or
 * transport failure: every request ends in one {@link VobizOutcome}. At most
 * {@code maxConnections} requests are in flight; a request that finds no free slot within
 * the connect timeout is {@link VobizOutcome.NotApplied} (it was never sent).
 * Thread-safe; the token never appears in logs, exceptions or {@code toString}.
 */
public final class VobizClient implements VobizCalls {

	/**
	 * Headers the client sets itself, lower case: a caller's header never replaces one.
	 */
	private static final Set<String> OWN_HEADERS = Set.of("accept", "content-type", "authorization", "x-auth-id",
			"x-auth-token");

	private final VobizClientSettings settings;

	private final HttpClient http;

	private final ObjectMapper json;

	private final OutcomeClassifier classifier;

	private final Semaphore slots;

	private final VobizRequestListener listener;

	private final VobizRequestGate gate;

	private final VobizRequestHeaders headers;

	private final Clock clock;

	public VobizClient(VobizClientSettings settings) {
		this(settings, VobizRequestListener.NONE);
	}

	public VobizClient(VobizClientSettings settings, VobizRequestListener listener) {
		this(settings, listener, VobizRequestGate.OPEN);
	}

	/**
	 * @param settings how to reach Vobiz
	 * @param listener told of every request's endpoint, status and latency
	 * @param gate passed before every request leaves (pacing); the wait is not part of
	 * the reported latency
	 */
	public VobizClient(VobizClientSettings settings, VobizRequestListener listener, VobizRequestGate gate) {
		this(settings, listener, gate, VobizRequestHeaders.NONE);
	}

	/**
	 * @param settings how to reach Vobiz
	 * @param listener told of every request's endpoint, status and latency
	 * @param gate passed before every request leaves (pacing); the wait is not part of
	 * the reported latency
	 * @param headers adds the caller's headers to every request (trace context)
	 */
	public VobizClient(VobizClientSettings settings, VobizRequestListener listener, VobizRequestGate gate,
			VobizRequestHeaders headers) {
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.build();
		this.json = JsonMapper.builder()
			.addModule(new JavaTimeModule())
			// registered after jsr310's: its Instant reader wins, and falls back to
			// jsr310's for other shapes
			.addModule(new SimpleModule().addDeserializer(Instant.class, new Rfc3339Instants()))
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		this.clock = Clock.systemUTC();
		this.classifier = new OutcomeClassifier(new ErrorEnvelopeReader(this.json), this.clock);
		this.slots = new Semaphore(settings.maxConnections());
		this.listener = listener;
		this.gate = gate;
		this.headers = headers;
	}

	/** {@code POST /calls/whatsapp}: place an outbound call (201). */
	public CompletableFuture<VobizOutcome<InitiateCallResponse>> initiateCallAsync(InitiateCallRequest request) {
		return send("initiate", post("/calls/whatsapp", request), type(InitiateCallResponse.class));
	}

	public VobizOutcome<InitiateCallResponse> initiateCall(InitiateCallRequest request) {
		return sendNow("initiate", post("/calls/whatsapp", request), type(InitiateCallResponse.class), null);
	}

	/**
	 * {@link #initiateCall(InitiateCallRequest)}, sent only if it can leave by
	 * {@code sendBy}: checked once the gate let it through and it has a connection, the
	 * last moment before it is written. Past it: {@link VobizOutcome.NotSent}, and
	 * nothing reached Vobiz.
	 * @param sendBy latest time the request may leave; null: no limit
	 */
	@Override
	public VobizOutcome<InitiateCallResponse> initiateCall(InitiateCallRequest request, Instant sendBy) {
		return sendNow("initiate", post("/calls/whatsapp", request), type(InitiateCallResponse.class), sendBy);
	}

	/**
	 * {@code POST /calls/whatsapp/action}: pre_accept, accept, reject or terminate a call
	 * (200).
	 */
	public CompletableFuture<VobizOutcome<CallActionResponse>> callActionAsync(CallActionRequest request) {
		return send("action", post("/calls/whatsapp/action", request), type(CallActionResponse.class));
	}

	public VobizOutcome<CallActionResponse> callAction(CallActionRequest request) {
		return sendNow("action", post("/calls/whatsapp/action", request), type(CallActionResponse.class), null);
	}

	/**
	 * {@link #callAction(CallActionRequest)}, sent only if it can leave by {@code sendBy}
	 * (as for {@link #initiateCall(InitiateCallRequest, Instant)}).
	 * @param sendBy latest time the request may leave; null: no limit
	 */
	@Override
	public VobizOutcome<CallActionResponse> callAction(CallActionRequest request, Instant sendBy) {
		return sendNow("action", post("/calls/whatsapp/action", request), type(CallActionResponse.class), sendBy);
	}

	/** {@code GET /calls/whatsapp/logs}: one page of call history, newest first. */
	public CompletableFuture<VobizOutcome<CallLogPage>> listCallLogsAsync(CallLogsQuery query) {
		return send("logs", logsRequest(query), type(CallLogPage.class));
	}

	public VobizOutcome<CallLogPage> listCallLogs(CallLogsQuery query) {
		return sendNow("logs", logsRequest(query), type(CallLogPage.class), null);
	}

	private HttpRequest.Builder logsRequest(CallLogsQuery query) {
		StringJoiner params = new StringJoiner("&", "?", "");
		params.add("page=" + query.page()).add("limit=" + query.limit());
		if (query.direction() != null) {
			params.add("direction=" + encode(query.direction()));
		}
		if (query.status() != null) {
			params.add("status=" + encode(query.status()));
		}
		return request("/calls/whatsapp/logs" + params).GET();
	}

	/** Pages of a logs query, fetched lazily as iterated. */
	public CallLogPager logPages(CallLogsQuery firstPage) {
		return new CallLogPager(this, firstPage);
	}

	/**
	 * {@code POST /webhooks}: subscribe {@code url}; deliveries are signed with
	 * {@code secret}.
	 */
	public VobizOutcome<WebhookSubscription> createWebhook(String url, String secret) {
		return sendNow("webhooks", post("/webhooks", Map.of("url", url, "secret", secret)),
				type(WebhookSubscription.class), null);
	}

	/**
	 * {@code GET /webhooks}: the account's subscriptions (secrets are never returned).
	 */
	public VobizOutcome<List<WebhookSubscription>> listWebhooks() {
		VobizOutcome<WebhookList> outcome = sendNow("webhooks", request("/webhooks").GET(), type(WebhookList.class),
				null);
		if (outcome instanceof VobizOutcome.Success<WebhookList> success) {
			return new VobizOutcome.Success<>(success.body().items(), success.status());
		}
		return retype(outcome);
	}

	/** {@code DELETE /webhooks/{id}} (204). */
	public VobizOutcome<Void> deleteWebhook(String id) {
		return sendNow("webhooks", request("/webhooks/" + encode(id)).DELETE(), null, null);
	}

	private HttpRequest.Builder post(String path, Object body) {
		return request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
	}

	private byte[] toJson(Object body) {
		try {
			return this.json.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot write " + body.getClass().getSimpleName() + " as JSON", ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.settings.baseUrl() + path))
			.timeout(this.settings.responseTimeout())
			.header("Accept", "application/json");
		addCallerHeaders(builder);
		if (this.settings.authId() != null && this.settings.authToken() != null) {
			builder.header("X-Auth-ID", this.settings.authId()).header("X-Auth-Token", this.settings.authToken());
		}
		else {
			builder.header("Authorization", "Bearer " + this.settings.bearerToken());
		}
		return builder;
	}

	/**
	 * The caller's headers; one named like a header the client sets itself is ignored, so
	 * it can never stand in for the credentials or the content type.
	 */
	private void addCallerHeaders(HttpRequest.Builder builder) {
		try {
			this.headers.addTo((name, value) -> {
				if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					builder.setHeader(name, value);
				}
			});
		}
		catch (RuntimeException ignored) {
			// extra headers must not change whether a request is sent
		}
	}

	private <T> CompletableFuture<VobizOutcome<T>> send(String endpoint, HttpRequest.Builder request, JavaType body) {
		this.gate.beforeSend(endpoint);
		long started = System.nanoTime();
		if (!acquireSlot()) {
			return CompletableFuture.completedFuture(busy(endpoint, started));
		}
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
			.handle((response, failure) -> {
				this.slots.release();
				VobizOutcome<T> outcome = (failure != null) ? this.classifier.ofFailure(failure) : read(response, body);
				report(endpoint, (response != null) ? response.statusCode() : -1, started, outcome);
				return outcome;
			});
	}

	/**
	 * The blocking variant, on the caller's thread: the JDK client's {@code sendAsync}
	 * hands each completed response to {@code CompletableFuture}'s default executor,
	 * which on a machine with fewer than 3 cores is a new thread per task (22,801 threads
	 * started in 52 s in the worker's benchmark on this 2-core box); {@code send} does
	 * not.
	 */
	private <T> VobizOutcome<T> sendNow(String endpoint, HttpRequest.Builder request, JavaType body, Instant sendBy) {
		if (sendBy == null) {
			this.gate.beforeSend(endpoint);
		}
		else if (!this.gate.beforeSend(endpoint, sendBy)) {
			return new VobizOutcome.NotSent<>(sendBy);
		}
		long started = System.nanoTime();
		if (!acquireSlot()) {
			return busy(endpoint, started);
		}
		if (sendBy != null && this.clock.instant().isAfter(sendBy)) {
			// the last moment before the request is written: not sent, not reported (it
			// tells nothing about Vobiz)
			this.slots.release();
			this.gate.notSent(endpoint);
			return new VobizOutcome.NotSent<>(sendBy);
		}
		int status = -1;
		VobizOutcome<T> outcome;
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			status = response.statusCode();
			outcome = read(response, body);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = this.classifier.ofFailure(ex);
		}
		catch (IOException | RuntimeException ex) {
			outcome = this.classifier.ofFailure(ex);
		}
		finally {
			this.slots.release();
		}
		report(endpoint, status, started, outcome);
		return outcome;
	}

	/**
	 * The body read as bytes: Jackson's byte parser, no String of every page made first.
	 */
	private <T> VobizOutcome<T> read(HttpResponse<byte[]> response, JavaType body) {
		int status = response.statusCode();
		if (status / 100 != 2) {
			return this.classifier.ofErrorStatus(status, new String(response.body(), StandardCharsets.UTF_8),
					response.headers().firstValue("Retry-After"));
		}
		if (body == null) {
			return new VobizOutcome.Success<>(null, status);
		}
		try {
			T value = this.json.readValue(response.body(), body);
			return new VobizOutcome.Success<>(value, status);
		}
		catch (Exception ex) {
			return new VobizOutcome.OutcomeUnknown<>("unreadable " + status + " answer: " + ex.getMessage(), status);
		}
	}

	/**
	 * The outcome of a request that found no free connection: not sent, so not applied.
	 */
	private <T> VobizOutcome<T> busy(String endpoint, long started) {
		VobizOutcome<T> busy = new VobizOutcome.NotApplied<>(
				"no free connection within " + this.settings.connectTimeout(), null);
		report(endpoint, -1, started, busy);
		return busy;
	}

	private boolean acquireSlot() {
		try {
			return this.slots.tryAcquire(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void report(String endpoint, int status, long started, VobizOutcome<?> outcome) {
		try {
			this.listener.onRequest(endpoint, status, Duration.ofNanos(System.nanoTime() - started),
					outcome.getClass().getSimpleName());
		}
		catch (RuntimeException ignored) {
			// a listener must not change the outcome
		}
	}

	private JavaType type(Class<?> type) {
		return this.json.constructType(type);
	}

	@SuppressWarnings("unchecked")
	private static <A, B> VobizOutcome<B> retype(VobizOutcome<A> outcome) {
		return (VobizOutcome<B>) outcome;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The client's settings (the token stays masked in their {@code toString}). */
	public VobizClientSettings settings() {
		return this.settings;
	}

	@Override
	public String toString() {
		return "VobizClient[" + this.settings + "]";
	}

	/** {@code GET /webhooks} answer. */
	record WebhookList(List<WebhookSubscription> items) {
	}

}
