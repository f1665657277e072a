package org.callorchestrator.sandbox.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.callorchestrator.sandbox.auth.Accounts;
import org.callorchestrator.sandbox.calls.ActionRequests;
import org.callorchestrator.sandbox.calls.Call;
import org.callorchestrator.sandbox.calls.CallLifecycle;
import org.callorchestrator.sandbox.calls.CallStore;
import org.callorchestrator.sandbox.calls.DialCounter;
import org.callorchestrator.sandbox.calls.ReceivedTraces;
import org.callorchestrator.sandbox.faults.FaultInjector;
import org.callorchestrator.sandbox.faults.FaultPlan;
import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import org.callorchestrator.sandbox.webhooks.WebhookSubscriptions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Test and benchmark controls of the sandbox. Never exposed by the real Vobiz. */
@RestController
@RequestMapping("/sandbox")
class AdminController {

	private final FaultInjector faults;

	private final CallStore calls;

	private final CallLifecycle lifecycle;

	private final DialCounter dials;

	private final ActionRequests actions;

	private final ReceivedTraces traces;

	private final Accounts accounts;

	private final WebhookDispatcher webhooks;

	private final WebhookSubscriptions subscriptions;

	private final SandboxSettings settings;

	AdminController(FaultInjector faults, CallStore calls, CallLifecycle lifecycle, DialCounter dials,
			ActionRequests actions, ReceivedTraces traces, Accounts accounts, WebhookDispatcher webhooks,
			WebhookSubscriptions subscriptions, SandboxSettings settings) {
		this.faults = faults;
		this.calls = calls;
		this.lifecycle = lifecycle;
		this.dials = dials;
		this.actions = actions;
		this.traces = traces;
		this.accounts = accounts;
		this.webhooks = webhooks;
		this.subscriptions = subscriptions;
		this.settings = settings;
	}

	@PostMapping("/reset")
	ResponseEntity<Void> reset() {
		this.faults.clear();
		this.calls.clear();
		this.dials.clear();
		this.actions.clear();
		this.traces.clear();
		this.webhooks.clear();
		this.subscriptions.clear();
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/faults")
	FaultPlan faults() {
		return this.faults.plan();
	}

	@PutMapping("/faults")
	FaultPlan setFaults(@RequestBody FaultPlan plan) {
		this.faults.set(plan);
		return plan;
	}

	@DeleteMapping("/faults")
	ResponseEntity<Void> clearFaults() {
		this.faults.clear();
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/inbound-calls")
	ResponseEntity<Map<String, Object>> inboundCall(@RequestBody Map<String, String> body) {
		String channelId = body.getOrDefault("channel_id", this.settings.channels().get(0).id());
		SandboxSettings.Channel channel = this.accounts.channel(channelId)
			.orElseThrow(() -> VobizApiException.notFound("CHANNEL_NOT_FOUND", "No channel " + channelId));
		String from = body.getOrDefault("from", "+918888888888");
		String offer = body.getOrDefault("sdp_offer", "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=caller\r\nt=0 0\r\n");
		Call call = this.lifecycle.startInbound(channel, from, offer);
		return ResponseEntity.status(201).body(Map.of("call_id", call.id(), "meta_call_id", call.metaCallId()));
	}

	@PostMapping("/calls/{id}/hangup")
	ResponseEntity<Void> hangUp(@PathVariable String id) {
		Call call = this.calls.find(id)
			.orElseThrow(() -> VobizApiException.notFound("CALL_NOT_FOUND", "No call " + id));
		if (!this.lifecycle.hangUp(call)) {
			throw VobizApiException.invalidState("Call is " + call.status(), call.status());
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/calls")
	Map<String, Object> calls(@RequestParam(defaultValue = "1000") int max) {
		return Map.of("items", this.calls.all().stream().limit(max).map(Call::toLog).toList(), "total",
				this.calls.size());
	}

	@GetMapping("/calls/{id}")
	Map<String, Object> call(@PathVariable String id) {
		return this.calls.find(id)
			.map(Call::toLog)
			.orElseThrow(() -> VobizApiException.notFound("CALL_NOT_FOUND", "No call " + id));
	}

	@GetMapping("/dials")
	Map<String, Object> dials(@RequestParam("sdp_offer") String offer) {
		return this.dials.of(offer);
	}

	@GetMapping("/dials/duplicates")
	Map<String, Object> duplicateDials() {
		return this.dials.duplicates();
	}

	@GetMapping("/actions")
	Map<String, Integer> actions(@RequestParam("call_id") String callId) {
		return this.actions.of(callId);
	}

	@GetMapping("/traces")
	Map<String, List<String>> traces(@RequestParam("call_id") String callId) {
		return this.traces.of(callId);
	}

	@PostMapping("/logs/seed")
	Map<String, Object> seed(@RequestBody Map<String, Object> body) {
		int count = ((Number) body.getOrDefault("count", 1000)).intValue();
		String channelId = (String) body.getOrDefault("channel_id", this.settings.channels().get(0).id());
		SandboxSettings.Channel channel = this.accounts.channel(channelId)
			.orElseThrow(() -> VobizApiException.notFound("CHANNEL_NOT_FOUND", "No channel " + channelId));
		long started = System.nanoTime();
		int seeded = this.calls.seed(count, channel.account(), channel.id(), channel.number());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("seeded", seeded);
		answer.put("millis", (System.nanoTime() - started) / 1_000_000);
		return answer;
	}

	@GetMapping("/webhook-deliveries")
	Map<String, Object> deliveries() {
		List<Map<String, Object>> items = this.webhooks.recentDeliveries();
		return Map.of("items", items);
	}

	@GetMapping("/webhooks/dropped")
	WebhookDispatcher.Dropped droppedWebhooks() {
		return this.webhooks.dropped();
	}

	@PutMapping("/webhooks/duplicate-rate")
	Map<String, Object> duplicateRate(@RequestBody Map<String, Number> body) {
		double rate = body.getOrDefault("rate", 0).doubleValue();
		this.webhooks.duplicateRate(rate);
		return Map.of("rate", rate);
	}

}
