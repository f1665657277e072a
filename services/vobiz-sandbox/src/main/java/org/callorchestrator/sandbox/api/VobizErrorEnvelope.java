package org.callorchestrator.sandbox.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Renders every error as Vobiz does:
 * {@code {"status":"error","error":{"code","message","details"},"timestamp","requestId"}}.
 */
@RestControllerAdvice
public class VobizErrorEnvelope {

	@ExceptionHandler(VobizApiException.class)
	ResponseEntity<Map<String, Object>> vobizError(VobizApiException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.retryAfterSeconds() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Integer.toString(ex.retryAfterSeconds()));
		}
		return response.body(body(ex.code(), ex.getMessage(), ex.details()));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.status(400).body(body("BAD_REQUEST", "Malformed JSON body", Map.of()));
	}

	public static Map<String, Object> body(String code, String message, Map<String, Object> details) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		error.put("details", details);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "error");
		body.put("error", error);
		body.put("timestamp", Instant.now().toString());
		body.put("requestId", "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
		return body;
	}

}
