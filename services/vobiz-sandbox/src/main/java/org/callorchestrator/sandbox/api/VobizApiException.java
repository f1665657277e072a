package org.callorchestrator.sandbox.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer in the Vobiz envelope: HTTP status, error code, message, details, and
 * optionally a Retry-After.
 */
public class VobizApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final transient Map<String, Object> details;

	private final Integer retryAfterSeconds;

	public VobizApiException(int status, String code, String message, Map<String, Object> details,
			Integer retryAfterSeconds) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
		this.details = details;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static VobizApiException validation(List<Map<String, Object>> errors) {
		return new VobizApiException(422, "VALIDATION_ERROR", "Request validation failed", Map.of("errors", errors),
				null);
	}

	public static Map<String, Object> fieldError(String field, String message, String code, Object value) {
		LinkedHashMap<String, Object> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		error.put("code", code);
		error.put("value", value);
		return error;
	}

	public static VobizApiException unauthorized() {
		return new VobizApiException(401, "UNAUTHORIZED", "Missing or invalid credentials", Map.of(), null);
	}

	public static VobizApiException forbidden(String message) {
		return new VobizApiException(403, "FORBIDDEN", message, Map.of(), null);
	}

	public static VobizApiException notFound(String code, String message) {
		return new VobizApiException(404, code, message, Map.of(), null);
	}

	public static VobizApiException invalidState(String message, String status) {
		return new VobizApiException(409, "INVALID_CALL_STATE", message, Map.of("call_status", status), null);
	}

	public static VobizApiException rateLimited(int retryAfterSeconds) {
		return new VobizApiException(429, "RATE_LIMIT_EXCEEDED", "Too many requests",
				Map.of("retryAfter", retryAfterSeconds), retryAfterSeconds);
	}

	public int status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public Map<String, Object> details() {
		return this.details;
	}

	public Integer retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
