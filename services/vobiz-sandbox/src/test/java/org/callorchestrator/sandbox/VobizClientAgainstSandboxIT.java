package org.callorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.CallActionResponse;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.vobiz.VobizRequestListener;
import org.callorchestrator.vobiz.WebhookSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fault mode of the sandbox, seen through the Vobiz client: each maps to the
 * outcome the worker acts on.
 */
class VobizClientAgainstSandboxIT {

	static VobizSandbox sandbox;

	static SandboxAdmin admin;

	static VobizClient client;

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start(Map.of("sandbox.meta-errors[+919800138006]", "138006"));
		admin = new SandboxAdmin(sandbox);
		client = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token")
			.withResponseTimeout(Duration.ofMillis(800)));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		admin.reset();
	}

	@Test
	void anInitiateVobizAcceptsIsASuccessWithTheCall() {
		VobizOutcome<InitiateCallResponse> outcome = client.initiateCall(initiate("+919876543210"));
		assertThat(outcome).isInstanceOfSatisfying(VobizOutcome.Success.class, success -> {
			assertThat(success.status()).isEqualTo(201);
			assertThat(((InitiateCallResponse) success.body()).from()).isEqualTo("+911140001234");
		});
	}

	@Test
	void aValidationErrorIsRejectedWithItsFieldErrors() {
		VobizOutcome<InitiateCallResponse> outcome = client
			.initiateCall(new InitiateCallRequest(CHANNEL_ID, "12", "x"));
		assertThat(outcome).isInstanceOfSatisfying(VobizOutcome.Rejected.class, rejected -> {
			assertThat(rejected.status()).isEqualTo(422);
			assertThat(rejected.error().code()).isEqualTo("VALIDATION_ERROR");
			assertThat(rejected.error().fieldErrors()).extracting(e -> e.field()).contains("to", "sdp_offer");
		});
	}

	@Test
	void wrongCredentialsAreRejectedWith401() {
		VobizClient wrong = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "nope"));
		assertThat(wrong.initiateCall(initiate("+919876543210"))).isInstanceOfSatisfying(VobizOutcome.Rejected.class,
				r -> assertThat(r.status()).isEqualTo(401));
	}

	@Test
	void noCallPermissionIsRejectedWithMetaCode138006() {
		assertThat(client.initiateCall(initiate("+919800138006"))).isInstanceOfSatisfying(VobizOutcome.Rejected.class,
				r -> {
					assertThat(r.status()).isEqualTo(401);
					assertThat(r.error().metaCode()).isEqualTo(138006);
				});
	}

	@Test
	void a429IsRateLimitedWithItsRetryAfter() {
		admin.faults("{\"errors\":[{\"endpoint\":\"initiate\",\"status\":429,\"retry_after_seconds\":3,\"count\":1}]}");
		assertThat(client.initiateCall(initiate("+919876543210"))).isInstanceOfSatisfying(
				VobizOutcome.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
		assertThat(client.initiateCall(initiate("+919876543210"))).isInstanceOf(VobizOutcome.Success.class);
	}

	@Test
	void metaCallRateLimitIsRateLimited() {
		admin.faults("{\"meta_errors\":{\"+919800138005\":138005}}");
		assertThat(client.initiateCall(initiate("+919800138005")))
			.isInstanceOfSatisfying(VobizOutcome.RateLimited.class, r -> {
				assertThat(r.error().metaCode()).isEqualTo(138005);
				assertThat(r.retryAfter()).isPositive();
			});
	}

	@Test
	void metaBusinessCallLimitIsRateLimitedUntilTheNextAllowedTime() {
		admin.faults("{\"meta_errors\":{\"+919800138012\":138012}}");
		assertThat(client.initiateCall(initiate("+919800138012"))).isInstanceOfSatisfying(
				VobizOutcome.RateLimited.class,
				r -> assertThat(r.notBefore()).isAfter(Instant.now().plusSeconds(3600)));
	}

	@Test
	void metaCallAlreadyInProgressIsRejected() {
		admin.faults("{\"meta_errors\":{\"+919800138003\":138003}}");
		assertThat(client.initiateCall(initiate("+919800138003"))).isInstanceOfSatisfying(VobizOutcome.Rejected.class,
				r -> assertThat(r.error().metaCode()).isEqualTo(138003));
	}

	@Test
	void a503IsNotAppliedAndCreatesNoCall() {
		admin.faults("{\"errors\":[{\"endpoint\":\"initiate\",\"status\":503,\"count\":1}]}");
		InitiateCallRequest request = initiate("+919876543210");
		assertThat(client.initiateCall(request)).isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(admin.get("/dials?sdp_offer=" + encode(request.sdpOffer())).body()).contains("\"calls_created\":0");
	}

	@Test
	void anOutageIsNotApplied() {
		admin.faults("{\"outage\":{\"seconds\":30,\"status\":503}}");
		assertThat(client.initiateCall(initiate("+919876543210"))).isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(client.listCallLogs(new CallLogsQuery(1, 10, null, null)))
			.isInstanceOf(VobizOutcome.NotApplied.class);
	}

	@Test
	void latencyBeyondTheResponseTimeoutIsAnUnknownOutcomeAndTheCallStillHappens() {
		admin.faults("{\"latency\":{\"fixed_ms\":1200,\"jitter_ms\":100}}");
		InitiateCallRequest request = initiate("+919876543210");
		assertThat(client.initiateCall(request)).isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> admin.get("/dials?sdp_offer=" + encode(request.sdpOffer()))
				.body()
				.contains("\"calls_created\":1"));
	}

	@Test
	void latencyWithinTheResponseTimeoutIsASuccess() {
		admin.faults("{\"latency\":{\"fixed_ms\":200,\"jitter_ms\":50}}");
		long started = System.nanoTime();
		assertThat(client.initiateCall(initiate("+919876543210"))).isInstanceOf(VobizOutcome.Success.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void a500IsAnUnknownOutcome() {
		admin.faults("{\"errors\":[{\"endpoint\":\"initiate\",\"status\":500,\"count\":1}]}");
		assertThat(client.initiateCall(initiate("+919876543210")))
			.isInstanceOfSatisfying(VobizOutcome.OutcomeUnknown.class, u -> assertThat(u.status()).isEqualTo(500));
	}

	@Test
	void aStalledResponseIsAnUnknownOutcomeAlthoughTheCallWasCreated() {
		admin.faults(
				"{\"unanswered\":[{\"endpoint\":\"initiate\",\"mode\":\"stall\",\"stall_seconds\":3,\"count\":1}]}");
		InitiateCallRequest request = initiate("+919876543210");
		assertThat(client.initiateCall(request)).isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		assertThat(admin.get("/dials?sdp_offer=" + encode(request.sdpOffer())).body()).contains("\"calls_created\":1");
	}

	@Test
	void aDroppedConnectionIsAnUnknownOutcomeAlthoughTheCallWasCreated() {
		admin.faults("{\"unanswered\":[{\"endpoint\":\"initiate\",\"mode\":\"reset\",\"count\":1}]}");
		InitiateCallRequest request = initiate("+919876543210");
		assertThat(client.initiateCall(request)).isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		assertThat(admin.get("/dials?sdp_offer=" + encode(request.sdpOffer())).body()).contains("\"calls_created\":1");
	}

	@Test
	void aRefusedConnectionIsNotApplied() {
		VobizClient nowhere = new VobizClient(
				VobizClientSettings.of("http://127.0.0.1:1/api/v1/messaging", "MA_XXXXXXXX", "sandbox-token"));
		assertThat(nowhere.initiateCall(initiate("+919876543210"))).isInstanceOf(VobizOutcome.NotApplied.class);
	}

	@Test
	void actionsApplyToAnInboundCallAndAnInvalidTransitionIsRejectedWith409() {
		String callId = JsonPath.read(
				admin.post("/inbound-calls", "{\"from\":\"+918888888888\",\"sdp_offer\":\"v=0\\r\\n\"}").body(),
				"$.call_id");
		assertThat(client.callAction(new CallActionRequest(CHANNEL_ID, callId, "pre_accept", "v=0 a")))
			.isInstanceOf(VobizOutcome.Success.class);
		VobizOutcome<CallActionResponse> accepted = client
			.callAction(new CallActionRequest(CHANNEL_ID, callId, "accept", "v=0 a"));
		assertThat(accepted).isInstanceOf(VobizOutcome.Success.class);
		assertThat(client.callAction(new CallActionRequest(CHANNEL_ID, callId, "terminate", null)))
			.isInstanceOf(VobizOutcome.Success.class);
		assertThat(client.callAction(new CallActionRequest(CHANNEL_ID, callId, "accept", "v=0 a")))
			.isInstanceOfSatisfying(VobizOutcome.Rejected.class, r -> {
				assertThat(r.status()).isEqualTo(409);
				assertThat(r.error().code()).isEqualTo("INVALID_CALL_STATE");
			});
		assertThat(
				client.callAction(new CallActionRequest(CHANNEL_ID, UUID.randomUUID().toString(), "terminate", null)))
			.isInstanceOfSatisfying(VobizOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(404));
	}

	@Test
	void thePagerWalksTheLogsNewestFirst() {
		admin.post("/logs/seed", "{\"count\":120}");
		client.initiateCall(initiate("+919876543210"));
		var pages = client.logPages(new CallLogsQuery(1, 50, null, null));
		CallLogPage first = pages.next();
		assertThat(first.items()).hasSize(50);
		assertThat(first.items().get(0).toNumber()).isEqualTo("+919876543210");
		assertThat(first.total()).isEqualTo(121);
		assertThat(first.items().get(0).createdAt()).isAfter(first.items().get(49).createdAt());
		assertThat(pages.next().items()).hasSize(50);
		assertThat(pages.next().items()).hasSize(21);
		assertThat(pages.hasNext()).isFalse();
	}

	@Test
	void webhookSubscriptionsAreCreatedListedAndDeleted() {
		VobizOutcome<WebhookSubscription> created = client.createWebhook("http://127.0.0.1:9/hook", "s3cret");
		assertThat(created).isInstanceOf(VobizOutcome.Success.class);
		String id = ((WebhookSubscription) ((VobizOutcome.Success<?>) created).body()).id();
		assertThat(client.listWebhooks()).isInstanceOfSatisfying(VobizOutcome.Success.class,
				s -> assertThat(s.body().toString()).contains(id).doesNotContain("s3cret"));
		assertThat(client.deleteWebhook(id)).isInstanceOfSatisfying(VobizOutcome.Success.class,
				s -> assertThat(s.status()).isEqualTo(204));
	}

	@Test
	void recordsTheTraceparentEachRequestAboutACallCarried() {
		String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		VobizClient traced = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"),
				VobizRequestListener.NONE, VobizRequestGate.OPEN, header -> header.accept("traceparent", traceparent));
		String callId = ((InitiateCallResponse) ((VobizOutcome.Success<?>) traced
			.initiateCall(initiate("+919876543210"))).body()).callId();
		client.callAction(new CallActionRequest(CHANNEL_ID, callId, "terminate", null));

		assertThat(sandbox.traceparents(callId)).as("the untraced terminate is not listed")
			.containsExactly(Map.entry("initiate", List.of(traceparent)));
	}

	static InitiateCallRequest initiate(String to) {
		return new InitiateCallRequest(CHANNEL_ID, to, "v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\n");
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
