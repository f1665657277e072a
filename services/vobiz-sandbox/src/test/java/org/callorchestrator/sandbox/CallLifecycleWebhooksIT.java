package org.callorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.vobiz.VobizOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The call state machine as a webhook receiver and a log reader see it. */
class CallLifecycleWebhooksIT {

	static final String SECRET = "whsec-test";

	VobizSandbox sandbox;

	VobizClient client;

	HttpServer receiver;

	final List<String> received = new CopyOnWriteArrayList<>();

	final AtomicInteger failFirst = new AtomicInteger();

	final AtomicInteger badSignatures = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.sandbox = VobizSandbox.start(Map.ofEntries(Map.entry("sandbox.timing.ring-after", "50ms"),
				Map.entry("sandbox.timing.answer-after", "100ms"), Map.entry("sandbox.timing.talk-duration", "400ms"),
				Map.entry("sandbox.timing.answer-window", "500ms"),
				Map.entry("sandbox.scenarios[+919800000001]", "REJECT"),
				Map.entry("sandbox.webhooks.initial-backoff", "50ms"), Map.entry("sandbox.channels[0].id", CHANNEL_ID),
				Map.entry("sandbox.channels[0].number", "+911140001234"),
				Map.entry("sandbox.channels[0].account", "MA_XXXXXXXX"),
				Map.entry("sandbox.channels[1].id", "9f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f"),
				Map.entry("sandbox.channels[1].number", "+911140009999"),
				Map.entry("sandbox.channels[1].account", "MA_OTHER")));
		this.client = new VobizClient(VobizClientSettings.of(this.sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/hook", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String signature = exchange.getRequestHeaders().getFirst("X-Webhook-Signature");
			if (!WebhookDispatcher.sign(body, SECRET).equals(signature)) {
				this.badSignatures.incrementAndGet();
			}
			int status = (this.failFirst.getAndDecrement() > 0) ? 500 : 200;
			if (status == 200) {
				this.received.add(exchange.getRequestHeaders().getFirst("X-Webhook-Event") + " "
						+ new String(body, StandardCharsets.UTF_8));
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.receiver.start();
		this.client.createWebhook("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook", SECRET);
	}

	@AfterEach
	void stop() {
		this.receiver.stop(0);
		this.sandbox.close();
	}

	@Test
	void anAnsweredOutboundCallRingsConnectsWithAnSdpAnswerAndTerminatesWithADuration() {
		String callId = initiate("+919876543210");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() >= 4);
		assertThat(this.received).extracting(r -> r.substring(0, r.indexOf(' ')))
			.containsExactly("call.status_change", "call.connect", "call.status_change", "call.terminate");
		assertThat(this.received.get(0)).contains("\"RINGING\"");
		assertThat(this.received.get(1)).contains("\"sdp_type\":\"answer\"")
			.contains("\"event_id\"")
			.contains("\"account_id\":\"MA_XXXXXXXX\"")
			.contains("\"field\":\"calls\"");
		assertThat(this.received.get(3)).contains("\"COMPLETED\"").contains("\"duration\"");
		assertThat(this.badSignatures).hasValue(0);
		assertThat(log(callId).status()).isEqualTo("terminated");
		assertThat(this.received.get(1)).contains(log(callId).metaCallId()).doesNotContain(callId);
	}

	@Test
	void aCalleeScenarioRejectsTheCall() {
		String callId = initiate("+919800000001");
		await().atMost(Duration.ofSeconds(10)).until(() -> "rejected".equals(log(callId).status()));
		await().until(() -> this.received.stream().anyMatch(r -> r.contains("\"REJECTED\"")));
	}

	@Test
	void anInboundCallOffersItsSdpAndIsMissedWhenNobodyAnswers() {
		String created = new SandboxAdmin(this.sandbox)
			.post("/inbound-calls", "{\"from\":\"+918888888888\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}")
			.body();
		String callId = JsonPath.read(created, "$.call_id");
		await().atMost(Duration.ofSeconds(10)).until(() -> "missed".equals(log(callId).status()));
		await().until(() -> this.received.size() >= 2);
		assertThat(this.received.get(0)).startsWith("call.connect")
			.contains("\"sdp_type\":\"offer\"")
			.contains("USER_INITIATED");
		assertThat(this.received.get(1)).startsWith("call.terminate");
	}

	@Test
	void deliveriesAreRetriedUntilTheReceiverAnswers2xx() {
		this.failFirst.set(2);
		initiate("+919876543210");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.received.isEmpty());
		assertThat(this.received.get(0)).contains("\"RINGING\"");
		assertThat(new SandboxAdmin(this.sandbox).get("/webhook-deliveries").body()).contains("\"status\":500")
			.contains("\"attempt\":3");
	}

	@Test
	void everyChangeOfARowAdvancesItsUpdatedAt() {
		String callId = initiate("+919876543210");
		// the row as read at each change of status seen until it is accepted (on a busy
		// box a read may come after a change or two: those are not seen, never wrong)
		List<CallLog> changes = new CopyOnWriteArrayList<>(List.of(log(callId)));
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> {
			CallLog now = log(callId);
			if (!now.status().equals(changes.get(changes.size() - 1).status())) {
				changes.add(now);
			}
			return "accepted".equals(now.status());
		});
		assertThat(changes).as("the row changed while it was watched").hasSizeGreaterThanOrEqualTo(2);
		for (int i = 1; i < changes.size(); i++) {
			assertThat(changes.get(i).updatedAt()).as("updated_at when it became %s", changes.get(i).status())
				.isAfter(changes.get(i - 1).updatedAt());
		}
	}

	@Test
	void aChannelOfAnotherAccountIsForbidden() {
		VobizOutcome<InitiateCallResponse> outcome = this.client
			.initiateCall(new InitiateCallRequest("9f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f", "+919876543210", "v=0\r\n"));
		assertThat(outcome).isInstanceOfSatisfying(VobizOutcome.Rejected.class,
				r -> assertThat(r.status()).isEqualTo(403));
	}

	@Test
	void logsAreCappedAtAHundredPerPageAndFilteredByStatus() {
		new SandboxAdmin(this.sandbox).post("/logs/seed", "{\"count\":250}");
		initiate("+919876543210");
		VobizOutcome<CallLogPage> page = this.client.listCallLogs(new CallLogsQuery(1, 500, null, null));
		assertThat(page).isInstanceOfSatisfying(VobizOutcome.Success.class, s -> {
			CallLogPage logs = (CallLogPage) s.body();
			assertThat(logs.limit()).isEqualTo(100);
			assertThat(logs.items()).hasSize(100);
			assertThat(logs.hasMore()).isTrue();
		});
		VobizOutcome<CallLogPage> initiated = this.client
			.listCallLogs(new CallLogsQuery(1, 25, "outbound", "initiated"));
		assertThat(initiated).isInstanceOfSatisfying(VobizOutcome.Success.class,
				s -> assertThat(((CallLogPage) s.body()).total()).isLessThanOrEqualTo(1));
	}

	@Test
	void actionsOnAnOutboundCallOtherThanTerminateAreInvalid() {
		String callId = initiate("+919876543210");
		assertThat(this.client.callAction(new CallActionRequest(CHANNEL_ID, callId, "accept", "v=0 x")))
			.isInstanceOfSatisfying(VobizOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(409));
	}

	String initiate(String to) {
		return SandboxCalls.initiate(this.client, to);
	}

	CallLog log(String callId) {
		return SandboxCalls.log(this.client, callId);
	}

}
