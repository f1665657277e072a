package org.callorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code webhook_drops} fault as a webhook receiver sees it: events that never come,
 * as if Vobiz had given up on them. An answered outbound call sends four events: RINGING,
 * connect, ACCEPTED, terminate.
 */
class WebhookDropsIT {

	static final String SECRET = "whsec-test";

	static final List<String> CALL_EVENTS = List.of("RINGING", "connect", "ACCEPTED", "terminate");

	static final int CALLS = 20;

	final JsonMapper json = JsonMapper.builder().build();

	VobizSandbox sandbox;

	SandboxAdmin admin;

	VobizClient client;

	HttpServer receiver;

	/** Events received with a 2xx answer, in arrival order: {@code {wacid, event}}. */
	final List<Received> received = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		// A long talk makes the terminate of a call come well after its first three
		// events (see the timed drops).
		this.sandbox = VobizSandbox.start(Map.of("sandbox.timing.ring-after", "50ms", "sandbox.timing.answer-after",
				"100ms", "sandbox.timing.talk-duration", "2500ms", "sandbox.webhooks.initial-backoff", "50ms"));
		this.admin = new SandboxAdmin(this.sandbox);
		this.client = new VobizClient(VobizClientSettings.of(this.sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/hook", exchange -> {
			this.received.add(received(exchange.getRequestBody().readAllBytes()));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
		subscribe();
	}

	@AfterEach
	void stop() {
		this.receiver.stop(0);
		this.sandbox.close();
	}

	@Test
	void dropsEveryWebhookOfTheChosenShareOfCallsAndNoneOfTheOthers() {
		this.admin.faults("{\"webhook_drops\":{\"call_share\":0.5}}");
		Map<String, String> wacids = initiateCalls(CALLS);
		awaitEveryEventDeliveredOrDropped(CALLS);

		WebhookDispatcher.Dropped dropped = this.admin.droppedWebhooks();
		List<String> silent = new ArrayList<>();
		wacids.forEach((callId, wacid) -> {
			List<String> events = eventsOf(wacid);
			assertThat(events).as("events of call %s", callId).isIn(List.of(), CALL_EVENTS);
			if (events.isEmpty()) {
				silent.add(callId);
			}
		});
		assertThat(dropped.calls()).containsExactlyInAnyOrderElementsOf(silent);
		assertThat(dropped.events()).isEqualTo(CALL_EVENTS.size() * silent.size());
		// Each call is chosen with probability 1/2: all 20 on one side happens once in
		// 2^19 runs.
		assertThat(silent).isNotEmpty().hasSizeLessThan(CALLS);
	}

	@Test
	void dropsEveryWebhookForTheGivenSecondsThenDeliversAgain() {
		this.admin.faults("{\"webhook_drops\":{\"seconds\":1}}");
		String callId = initiate();
		String wacid = log(callId).metaCallId();

		// RINGING (50 ms), connect and ACCEPTED (150 ms) fall in the outage; terminate
		// (2.65 s) comes after it.
		await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(wacid).isEmpty());
		assertThat(eventsOf(wacid)).containsExactly("terminate");
		WebhookDispatcher.Dropped dropped = this.admin.droppedWebhooks();
		assertThat(dropped.events()).isEqualTo(3);
		assertThat(dropped.calls()).containsExactly(callId);
		List<JsonNode> attempts = this.json.readTree(this.admin.get("/webhook-deliveries").body())
			.get("items")
			.valueStream()
			.toList();
		assertThat(attempts).filteredOn(a -> "dropped".equals(a.get("status").asString()))
			.extracting(a -> a.get("event_type").asString() + " " + a.get("attempt").asInt())
			.containsExactly("call.status_change 0", "call.connect 0", "call.status_change 0");
		assertThat(attempts).filteredOn(a -> a.get("status").isNumber())
			.extracting(a -> a.get("event_type").asString() + " " + a.get("status").asInt())
			.containsExactly("call.terminate 200");
	}

	@Test
	void aDroppedEventDoesNotHoldBackTheCallsLaterEvents() {
		this.admin.faults("{\"webhook_drops\":{\"share\":0.5}}");
		Map<String, String> wacids = initiateCalls(CALLS);
		awaitEveryEventDeliveredOrDropped(CALLS);

		List<List<String>> delivered = wacids.values().stream().map(this::eventsOf).toList();
		// Whatever was dropped, what arrives of a call arrives in the call's order...
		assertThat(delivered)
			.allSatisfy(events -> assertThat(events).isEqualTo(CALL_EVENTS.stream().filter(events::contains).toList()));
		// ...and a call whose earlier event was dropped still gets its later ones (a
		// delivered list that is not a
		// prefix of the four). A call escapes that with probability 5/16: all 20 do once
		// in 10^10 runs.
		assertThat(delivered)
			.anySatisfy(events -> assertThat(events).isNotEmpty().isNotEqualTo(CALL_EVENTS.subList(0, events.size())));
		assertThat(this.admin.droppedWebhooks().events()).isPositive();
	}

	@Test
	void aResetForgetsTheDroppedWebhooksAndThePlan() {
		this.admin.faults("{\"webhook_drops\":{\"call_share\":1}}");
		String callId = initiate();
		// RINGING, connect and ACCEPTED; the terminate comes seconds later, after the
		// reset.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.droppedWebhooks().events() == 3);
		assertThat(this.admin.droppedWebhooks().calls()).containsExactly(callId);

		this.admin.reset();

		assertThat(this.admin.droppedWebhooks()).isEqualTo(new WebhookDispatcher.Dropped(0, List.of()));
		assertThat(this.admin.get("/faults").body()).doesNotContain("call_share");
		subscribe();
		String wacid = log(initiate()).metaCallId();
		await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(wacid).size() == CALL_EVENTS.size());
		assertThat(this.admin.droppedWebhooks().events()).isZero();
	}

	@Test
	void refusesAShareOutsideZeroToOne() {
		assertThat(this.admin.put("/faults", "{\"webhook_drops\":{\"call_share\":1.5}}"))
			.satisfies(r -> assertThat(r.statusCode()).isEqualTo(422))
			.satisfies(r -> assertThat(r.body()).contains("webhook_drops.call_share"));
		assertThat(this.admin.get("/faults").body()).doesNotContain("call_share");
	}

	/**
	 * Waits until every event of {@code calls} answered calls was either received or
	 * dropped.
	 */
	void awaitEveryEventDeliveredOrDropped(int calls) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.received.size() + this.admin.droppedWebhooks().events() == (long) calls
					* CALL_EVENTS.size());
	}

	/** The events of the call with this wacid received so far, in arrival order. */
	List<String> eventsOf(String wacid) {
		return this.received.stream().filter(r -> r.wacid().equals(wacid)).map(Received::event).toList();
	}

	Received received(byte[] body) {
		JsonNode value = this.json.readTree(body).at("/payload/entry/0/changes/0/value");
		JsonNode status = value.at("/statuses/0");
		if (!status.isMissingNode()) {
			return new Received(status.get("id").asString(), status.get("status").asString());
		}
		JsonNode call = value.at("/calls/0");
		return new Received(call.get("id").asString(), call.get("event").asString());
	}

	void subscribe() {
		this.client.createWebhook("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook", SECRET);
	}

	/** Initiates {@code count} outbound calls: call id → wacid. */
	Map<String, String> initiateCalls(int count) {
		List<String> callIds = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			callIds.add(initiate());
		}
		Map<String, String> wacids = new HashMap<>();
		callIds.forEach(callId -> wacids.put(callId, log(callId).metaCallId()));
		return wacids;
	}

	String initiate() {
		return SandboxCalls.initiate(this.client, "+919876543210");
	}

	CallLog log(String callId) {
		return SandboxCalls.log(this.client, callId);
	}

	record Received(String wacid, String event) {
	}

}
