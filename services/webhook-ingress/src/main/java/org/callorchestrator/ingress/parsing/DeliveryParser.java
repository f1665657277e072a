package org.callorchestrator.ingress.parsing;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a delivery body. Accepts the payload as the full WhatsApp webhook, as
 * {@code {"value": …}} or as the bare value; status strings in any case; numbers with or
 * without "+". Stateless and thread-safe.
 */
@Component
public class DeliveryParser {

	private final JsonMapper json = JsonMapper.builder().build();

	public Delivery parse(byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedDeliveryException("Body is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new MalformedDeliveryException("Body is not a JSON object", null);
		}
		String eventId = text(root.get("event_id"));
		if (eventId == null || eventId.isBlank()) {
			throw new MalformedDeliveryException("Delivery has no event_id", null);
		}
		List<CallSignal> signals = new ArrayList<>();
		for (JsonNode value : values(root.path("payload"))) {
			for (JsonNode call : value.path("calls")) {
				signals.add(callSignal(call));
			}
			for (JsonNode status : value.path("statuses")) {
				signals.add(statusSignal(status));
			}
		}
		return new Delivery(eventId, text(root.get("event_type")), text(root.get("account_id")),
				instant(text(root.get("occurred_at"))), signals);
	}

	/** The {@code value} objects of a payload in any of its three accepted shapes. */
	static List<JsonNode> values(JsonNode payload) {
		List<JsonNode> values = new ArrayList<>();
		if (payload.has("entry")) {
			for (JsonNode entry : payload.path("entry")) {
				for (JsonNode change : entry.path("changes")) {
					values.add(change.path("value"));
				}
			}
		}
		else if (payload.has("value")) {
			values.add(payload.path("value"));
		}
		else if (payload.has("calls") || payload.has("statuses")) {
			values.add(payload);
		}
		return values;
	}

	private static CallSignal callSignal(JsonNode call) {
		String event = lower(text(call.get("event")));
		CallSignal.Kind kind = "terminate".equals(event) ? CallSignal.Kind.TERMINATE : CallSignal.Kind.CONNECT;
		JsonNode session = call.path("session");
		Integer duration = call.hasNonNull("duration") ? call.get("duration").asInt() : null;
		boolean answered = call.hasNonNull("start_time") || (duration != null && duration > 0);
		String error = null;
		JsonNode errors = call.path("errors");
		if (errors.isArray() && !errors.isEmpty()) {
			error = text(errors.get(0).get("code")) + ": " + text(errors.get(0).get("message"));
		}
		return new CallSignal(kind, text(call.get("id")), upper(text(call.get("direction"))),
				number(text(call.get("from"))), number(text(call.get("to"))), upper(text(call.get("status"))),
				lower(text(session.get("sdp_type"))), text(session.get("sdp")), epoch(text(call.get("timestamp"))),
				duration, answered, error, epoch(text(call.get("start_time"))));
	}

	private static CallSignal statusSignal(JsonNode status) {
		return new CallSignal(CallSignal.Kind.STATUS, text(status.get("id")), "BUSINESS_INITIATED", null,
				number(text(status.get("recipient_id"))), upper(text(status.get("status"))), null, null,
				epoch(text(status.get("timestamp"))), null, false, null, null);
	}

	static String number(String digits) {
		if (digits == null || digits.isBlank()) {
			return null;
		}
		return digits.startsWith("+") ? digits : "+" + digits;
	}

	private static Instant epoch(String seconds) {
		if (seconds == null) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
		}
		catch (NumberFormatException ex) {
			return instant(seconds);
		}
	}

	private static Instant instant(String text) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node.asString();
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : null;
	}

	private static String lower(String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

}
