package org.callorchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays every request example of the Calls API page (vobiz-whatsapp-calls-api.md)
 * verbatim against the sandbox — same headers, same bodies, only the host changed — and
 * checks the documented status codes and fields.
 */
class CallsApiConformanceIT {

	static VobizSandbox sandbox;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.answer-window", "60s"));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		new SandboxAdmin(sandbox).reset();
	}

	@Test
	void initiateExampleAnswers201WithTheDocumentedFields() throws Exception {
		HttpResponse<String> response = post("/calls/whatsapp", """
				{
				    "channel_id": "%s",
				    "to": "+919876543210",
				    "sdp_offer": "v=0\\r\\no=- 0 0 IN IP4 0.0.0.0\\r\\n..."
				  }""".formatted(CHANNEL_ID));
		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.path("call_id").asString()).matches("[0-9a-f-]{36}");
		assertThat(body.path("from").asString()).isEqualTo("+911140001234");
		assertThat(body.path("to").asString()).isEqualTo("+919876543210");
		assertThat(body.path("status").asString()).isEqualTo("initiated");
		assertThat(body.path("direction").asString()).isEqualTo("outbound");
		assertThat(body.has("sdp_answer")).as("the /api/v1 initiate answer carries no SDP answer").isFalse();
	}

	@Test
	void acceptExampleAnswers200WithSuccess() throws Exception {
		String callId = inboundCall();
		HttpResponse<String> response = post("/calls/whatsapp/action", """
				{
				      "channel_id": "%s",
				      "call_id": "%s",
				      "action": "accept",
				      "sdp": "v=0\\r\\no=- 0 0 IN IP4 0.0.0.0\\r\\n..."
				    }""".formatted(CHANNEL_ID, callId));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.path("call_id").asString()).isEqualTo(callId);
		assertThat(body.path("action").asString()).isEqualTo("accept");
		assertThat(body.path("success").asBoolean()).isTrue();
	}

	@Test
	void terminateExampleAnswers200() throws Exception {
		String callId = inboundCall();
		HttpResponse<String> response = post("/calls/whatsapp/action", """
				{
				      "channel_id": "%s",
				      "call_id": "%s",
				      "action": "terminate"
				    }""".formatted(CHANNEL_ID, callId));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).path("action").asString()).isEqualTo("terminate");
	}

	@Test
	void logsExampleAnswers200WithEveryFieldOfTheLogObject() throws Exception {
		String callId = inboundCall();
		post("/calls/whatsapp/action", """
				{"channel_id":"%s","call_id":"%s","action":"accept","sdp":"v=0\\r\\n"}""".formatted(CHANNEL_ID,
				callId));
		HttpResponse<String> outbound = post("/calls/whatsapp", """
				{"channel_id":"%s","to":"+919876543210","sdp_offer":"v=0\\r\\n"}""".formatted(CHANNEL_ID));
		assertThat(outbound.statusCode()).isEqualTo(201);
		HttpResponse<String> response = get("/calls/whatsapp/logs?page=1&limit=25&direction=outbound&status=accepted");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.path("page").asInt()).isEqualTo(1);
		assertThat(body.path("limit").asInt()).isEqualTo(25);
		assertThat(body.has("total")).isTrue();
		assertThat(body.has("has_more")).isTrue();
		JsonNode all = this.json.readTree(get("/calls/whatsapp/logs").body());
		JsonNode log = all.path("items").get(0);
		for (String field : new String[] { "id", "account_id", "channel_id", "meta_call_id", "direction", "from_number",
				"to_number", "status", "call_type", "offer_sdp", "answer_sdp", "ice_candidates", "started_at",
				"answered_at", "ended_at", "duration_seconds", "hangup_cause", "metadata", "created_at",
				"updated_at" }) {
			assertThat(log.has(field)).as("log field %s", field).isTrue();
		}
		assertThat(log.path("account_id").asString()).isEqualTo("MA_XXXXXXXX");
		assertThat(log.path("meta_call_id").asString()).startsWith("wacid.");
	}

	String inboundCall() throws Exception {
		HttpResponse<String> created = new SandboxAdmin(sandbox).post("/inbound-calls",
				"{\"channel_id\":\"" + CHANNEL_ID + "\",\"from\":\"+918888888888\",\"sdp_offer\":\"v=0\\r\\n\"}");
		return this.json.readTree(created.body()).path("call_id").asString();
	}

	HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
			.header("X-Auth-ID", "MA_XXXXXXXX")
			.header("X-Auth-Token", "sandbox-token")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
			.header("X-Auth-ID", "MA_XXXXXXXX")
			.header("X-Auth-Token", "sandbox-token")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
