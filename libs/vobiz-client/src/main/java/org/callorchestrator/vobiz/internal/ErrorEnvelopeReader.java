package org.callorchestrator.vobiz.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.callorchestrator.vobiz.VobizError;

/**
 * Reads the Vobiz error envelope tolerantly: a missing or non-JSON body still yields an
 * error (with the raw text as its message); a Meta code is found as a numeric
 * {@code error.code} or in {@code details.meta_code}/{@code code}.
 */
public final class ErrorEnvelopeReader {

	private final ObjectMapper json;

	public ErrorEnvelopeReader(ObjectMapper json) {
		this.json = json;
	}

	public VobizError read(String body) {
		JsonNode root;
		try {
			root = (body == null || body.isBlank()) ? this.json.createObjectNode() : this.json.readTree(body);
		}
		catch (Exception ex) {
			return new VobizError(null, abbreviate(body), null, List.of(), Map.of(), null);
		}
		JsonNode error = root.path("error");
		if (!error.isObject()) {
			error = root;
		}
		JsonNode details = error.path("details");
		String code = text(error.path("code"));
		Integer metaCode = metaCode(code, details);
		List<VobizError.FieldError> fields = new ArrayList<>();
		for (JsonNode field : details.path("errors")) {
			fields.add(new VobizError.FieldError(text(field.path("field")), text(field.path("message")),
					text(field.path("code")),
					field.has("value") ? this.json.convertValue(field.get("value"), Object.class) : null));
		}
		Map<String, Object> detailMap = details.isObject()
				? this.json.convertValue(details, new TypeReference<Map<String, Object>>() {
				}) : Map.of();
		String message = text(error.path("message"));
		return new VobizError(code, (message != null) ? message : abbreviate(body), metaCode, List.copyOf(fields),
				detailMap, text(root.path("requestId")));
	}

	/** {@code details.retryAfter} / {@code retry_after} in seconds, or null. */
	public Duration retryAfter(VobizError error) {
		Object value = firstOf(error.details(), "retryAfter", "retry_after", "retry_after_seconds");
		if (value instanceof Number number) {
			return Duration.ofMillis((long) (number.doubleValue() * 1000));
		}
		if (value instanceof String text) {
			try {
				return Duration.ofSeconds(Long.parseLong(text.trim()));
			}
			catch (NumberFormatException ignored) {
				return null;
			}
		}
		return null;
	}

	/**
	 * {@code details.next_allowed_at} (Meta 138012's next allowed call time), or null.
	 */
	public Instant nextAllowedAt(VobizError error) {
		Object value = firstOf(error.details(), "next_allowed_at", "nextAllowedAt", "next_allowed_time");
		if (value instanceof String text) {
			try {
				return Instant.parse(text.trim());
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
		if (value instanceof Number epochSeconds) {
			return Instant.ofEpochSecond(epochSeconds.longValue());
		}
		return null;
	}

	private static Integer metaCode(String code, JsonNode details) {
		for (JsonNode candidate : List.of(details.path("meta_code"), details.path("metaCode"), details.path("code"))) {
			if (candidate.canConvertToInt() || (candidate.isTextual() && candidate.asText().matches("\\d{3,6}"))) {
				return candidate.asInt();
			}
		}
		return (code != null && code.matches("\\d{3,6}")) ? Integer.valueOf(code) : null;
	}

	private static Object firstOf(Map<String, Object> map, String... keys) {
		for (String key : keys) {
			if (map.get(key) != null) {
				return map.get(key);
			}
		}
		return null;
	}

	private static String text(JsonNode node) {
		return (node == null || node.isMissingNode() || node.isNull()) ? null : node.asText();
	}

	private static String abbreviate(String body) {
		if (body == null) {
			return null;
		}
		return (body.length() > 300) ? body.substring(0, 300) + "…" : body;
	}

}
