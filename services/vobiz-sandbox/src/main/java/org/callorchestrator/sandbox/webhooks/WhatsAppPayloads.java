package org.callorchestrator.sandbox.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.callorchestrator.sandbox.calls.Call;

/**
 * The WhatsApp Cloud API {@code calls} webhook bodies Vobiz wraps: {@code {object,
 * entry[{id, changes[{field:"calls", value}]}]}} with {@code value.calls[]} (connect,
 * terminate) or {@code value.statuses[]} (RINGING, ACCEPTED, REJECTED). Numbers are
 * digits without "+", as Meta writes them; calls are identified by the wacid only.
 */
public final class WhatsAppPayloads {

	private WhatsAppPayloads() {
	}

	/**
	 * {@code call.connect}: the callee's SDP answer (outbound) or the caller's SDP offer
	 * (inbound).
	 */
	public static Map<String, Object> connect(Call call, String channelNumber) {
		Map<String, Object> value = callEntry(call, "connect");
		boolean inbound = "inbound".equals(call.direction());
		value.put("status", "ringing");
		value.put("session",
				Map.of("sdp_type", inbound ? "offer" : "answer", "sdp", inbound ? call.offerSdp() : call.answerSdp()));
		return wrap(channelNumber, Map.of("calls", List.of(value)));
	}

	/** {@code call.status_change}: RINGING, ACCEPTED or REJECTED. */
	public static Map<String, Object> status(Call call, String status, String channelNumber) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", call.metaCallId());
		entry.put("timestamp", epochSeconds());
		entry.put("type", "call");
		entry.put("status", status);
		entry.put("recipient_id", digits(call.toNumber()));
		return wrap(channelNumber, Map.of("statuses", List.of(entry)));
	}

	/**
	 * {@code call.terminate}: COMPLETED or FAILED, with times, duration and optional
	 * errors.
	 */
	public static Map<String, Object> terminate(Call call, String status, List<Map<String, Object>> errors,
			String channelNumber) {
		Map<String, Object> value = callEntry(call, "terminate");
		value.put("status", status);
		if (call.answeredAt() != null) {
			value.put("start_time", Long.toString(call.answeredAt().getEpochSecond()));
		}
		if (call.endedAt() != null) {
			value.put("end_time", Long.toString(call.endedAt().getEpochSecond()));
		}
		if (call.durationSeconds() != null) {
			value.put("duration", call.durationSeconds());
		}
		if (!errors.isEmpty()) {
			value.put("errors", errors);
		}
		return wrap(channelNumber, Map.of("calls", List.of(value)));
	}

	private static Map<String, Object> callEntry(Call call, String event) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("id", call.metaCallId());
		value.put("from", digits(call.fromNumber()));
		value.put("to", digits(call.toNumber()));
		value.put("timestamp", epochSeconds());
		value.put("event", event);
		value.put("direction", "inbound".equals(call.direction()) ? "USER_INITIATED" : "BUSINESS_INITIATED");
		return value;
	}

	private static Map<String, Object> wrap(String channelNumber, Map<String, Object> content) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("messaging_product", "whatsapp");
		value.put("metadata", Map.of("display_phone_number", digits(channelNumber), "phone_number_id",
				"sandbox-" + digits(channelNumber)));
		value.putAll(content);
		Map<String, Object> change = Map.of("field", "calls", "value", value);
		Map<String, Object> entry = Map.of("id", "sandbox-waba", "changes", List.of(change));
		return Map.of("object", "whatsapp_business_account", "entry", List.of(entry));
	}

	private static String digits(String number) {
		return (number != null) ? number.replace("+", "") : null;
	}

	private static String epochSeconds() {
		return Long.toString(Instant.now().getEpochSecond());
	}

}
