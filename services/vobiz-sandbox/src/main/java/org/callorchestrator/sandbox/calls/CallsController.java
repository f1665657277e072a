package org.callorchestrator.sandbox.calls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.callorchestrator.sandbox.auth.Accounts;
import org.callorchestrator.sandbox.faults.FaultInjector;
import org.callorchestrator.sandbox.faults.FaultPlan;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three endpoints of the Calls API page, same paths, status codes (201, 200, 200) and
 * fields. Order of checks: auth (401), body validation (422 with
 * {@code details.errors[]}), channel ownership (403), faults, then the call.
 */
@RestController
class CallsController {

	static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

	static final Pattern UUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	static final Set<String> ACTIONS = Set.of("pre_accept", "accept", "reject", "terminate");

	static final Set<String> STATUSES = Set.of("initiated", "ringing", "pre_accepted", "accepted", "rejected",
			"terminated", "failed", "missed");

	private final Accounts accounts;

	private final CallStore calls;

	private final CallLifecycle lifecycle;

	private final FaultInjector faults;

	private final DialCounter dials;

	private final ActionRequests actions;

	private final ReceivedTraces traces;

	private final SandboxSettings settings;

	CallsController(Accounts accounts, CallStore calls, CallLifecycle lifecycle, FaultInjector faults,
			DialCounter dials, ActionRequests actions, ReceivedTraces traces, SandboxSettings settings) {
		this.accounts = accounts;
		this.calls = calls;
		this.lifecycle = lifecycle;
		this.faults = faults;
		this.dials = dials;
		this.actions = actions;
		this.traces = traces;
		this.settings = settings;
	}

	@PostMapping("/api/v1/messaging/calls/whatsapp")
	ResponseEntity<Map<String, Object>> initiate(HttpServletRequest request, HttpServletResponse response,
			@RequestBody Map<String, Object> body) throws IOException {
		String account = this.accounts.authenticate(request);
		List<Map<String, Object>> errors = new ArrayList<>();
		String channelId = text(body, "channel_id");
		String to = text(body, "to");
		String offer = text(body, "sdp_offer");
		Optional<SandboxSettings.Channel> channel = checkChannel(channelId, errors);
		if (to == null || !E164.matcher(to).matches()) {
			errors.add(VobizApiException.fieldError("to", "must be an E.164 phone number", "invalid_phone_number", to));
		}
		checkSdp("sdp_offer", offer, errors);
		if (!errors.isEmpty()) {
			throw VobizApiException.validation(errors);
		}
		this.accounts.requireOwner(account, channel.get());
		this.dials.requested(offer);
		this.faults.beforeApplying("initiate");
		Optional<Integer> metaError = this.faults.metaErrorFor(to);
		if (metaError.isPresent()) {
			throw MetaErrors.of(metaError.get());
		}
		Call call = this.calls.create(account, channel.get().id(), "outbound", channel.get().number(), to, offer,
				"initiated");
		this.dials.created(offer);
		this.traces.received(call.id(), "initiate", request.getHeader(ReceivedTraces.HEADER));
		this.lifecycle.startOutbound(call);
		Optional<FaultPlan.Unanswered> unanswered = this.faults.unanswered("initiate");
		if (unanswered.isPresent()) {
			ConnectionDrop.drop(response, unanswered.get());
			return null;
		}
		Map<String, Object> created = new LinkedHashMap<>();
		created.put("call_id", call.id());
		created.put("from", call.fromNumber());
		created.put("to", call.toNumber());
		created.put("status", "initiated");
		created.put("direction", "outbound");
		return ResponseEntity.status(201).body(created);
	}

	@PostMapping("/api/v1/messaging/calls/whatsapp/action")
	ResponseEntity<Map<String, Object>> action(HttpServletRequest request, HttpServletResponse response,
			@RequestBody Map<String, Object> body) throws IOException {
		String account = this.accounts.authenticate(request);
		List<Map<String, Object>> errors = new ArrayList<>();
		String channelId = text(body, "channel_id");
		String callId = text(body, "call_id");
		String action = text(body, "action");
		String sdp = text(body, "sdp");
		Optional<SandboxSettings.Channel> channel = checkChannel(channelId, errors);
		if (callId == null || callId.isBlank()) {
			errors.add(VobizApiException.fieldError("call_id", "is required", "required", callId));
		}
		if (action == null || !ACTIONS.contains(action)) {
			errors.add(VobizApiException.fieldError("action", "must be one of pre_accept, accept, reject, terminate",
					"invalid_action", action));
		}
		else if (action.equals("accept") || action.equals("pre_accept")) {
			checkSdp("sdp", sdp, errors);
		}
		if (!errors.isEmpty()) {
			throw VobizApiException.validation(errors);
		}
		this.accounts.requireOwner(account, channel.get());
		this.actions.received(callId, action);
		this.traces.received(callId, action, request.getHeader(ReceivedTraces.HEADER));
		this.faults.beforeApplying("action");
		Call call = this.calls.find(callId)
			.filter(c -> c.channelId().equalsIgnoreCase(channelId))
			.orElseThrow(() -> VobizApiException.notFound("CALL_NOT_FOUND", "No call " + callId + " on this channel"));
		this.lifecycle.apply(call, action, sdp);
		Optional<FaultPlan.Unanswered> unanswered = this.faults.unanswered("action");
		if (unanswered.isPresent()) {
			ConnectionDrop.drop(response, unanswered.get());
			return null;
		}
		Map<String, Object> applied = new LinkedHashMap<>();
		applied.put("call_id", call.id());
		applied.put("action", action);
		applied.put("success", true);
		return ResponseEntity.ok(applied);
	}

	@GetMapping("/api/v1/messaging/calls/whatsapp/logs")
	Map<String, Object> logs(HttpServletRequest request, @RequestParam(defaultValue = "1") String page,
			@RequestParam(defaultValue = "25") String limit, @RequestParam(required = false) String direction,
			@RequestParam(required = false) String status) {
		String account = this.accounts.authenticate(request);
		List<Map<String, Object>> errors = new ArrayList<>();
		int pageNumber = positive("page", page, errors);
		int pageSize = Math.min(positive("limit", limit, errors), this.settings.logs().maxLimit());
		if (direction != null && !Set.of("inbound", "outbound").contains(direction)) {
			errors.add(VobizApiException.fieldError("direction", "must be inbound or outbound", "invalid_value",
					direction));
		}
		if (status != null && !STATUSES.contains(status)) {
			errors.add(VobizApiException.fieldError("status", "is not a call status", "invalid_value", status));
		}
		if (!errors.isEmpty()) {
			throw VobizApiException.validation(errors);
		}
		this.faults.beforeApplying("logs");
		CallStore.Page found = this.calls.page(account,
				(direction == null && status == null) ? null
						: c -> (direction == null || direction.equals(c.direction()))
								&& (status == null || status.equals(c.status())),
				pageNumber, pageSize);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("items", found.items().stream().map(Call::toLog).toList());
		answer.put("total", found.total());
		answer.put("page", pageNumber);
		answer.put("limit", pageSize);
		answer.put("has_more", (long) pageNumber * pageSize < found.total());
		return answer;
	}

	private Optional<SandboxSettings.Channel> checkChannel(String channelId, List<Map<String, Object>> errors) {
		if (channelId == null || !UUID.matcher(channelId).matches()) {
			errors.add(VobizApiException.fieldError("channel_id", "must be a UUID", "invalid_uuid", channelId));
			return Optional.empty();
		}
		Optional<SandboxSettings.Channel> channel = this.accounts.channel(channelId);
		if (channel.isEmpty()) {
			errors.add(VobizApiException.fieldError("channel_id", "unknown channel", "not_found", channelId));
		}
		return channel;
	}

	private static void checkSdp(String field, String sdp, List<Map<String, Object>> errors) {
		if (sdp == null || sdp.isBlank()) {
			errors.add(VobizApiException.fieldError(field, "is required", "required", null));
		}
		else if (!sdp.startsWith("v=0")) {
			errors.add(VobizApiException.fieldError(field, "must be an SDP (starting with v=0)", "invalid_sdp",
					(sdp.length() > 40) ? sdp.substring(0, 40) : sdp));
		}
	}

	private static int positive(String field, String value, List<Map<String, Object>> errors) {
		try {
			int parsed = Integer.parseInt(value);
			if (parsed >= 1) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.add(VobizApiException.fieldError(field, "must be a positive integer", "invalid_value", value));
		return 1;
	}

	private static String text(Map<String, Object> body, String field) {
		Object value = body.get(field);
		return (value instanceof String s) ? s : null;
	}

}
