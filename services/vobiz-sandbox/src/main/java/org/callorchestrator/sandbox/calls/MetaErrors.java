package org.callorchestrator.sandbox.calls;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.callorchestrator.sandbox.api.VobizApiException;

/**
 * Meta calling errors surfaced through the Vobiz envelope ({@code error.code} = the Meta
 * code as text, {@code details.meta_code}), with the HTTP statuses Meta documents.
 */
final class MetaErrors {

	private MetaErrors() {
	}

	static VobizApiException of(int code) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("meta_code", code);
		return switch (code) {
			case 138002 -> withRetry(code, "Concurrent call limit reached for this number", details, 5);
			case 138003 ->
				new VobizApiException(400, "138003", "A call with this user is already in progress", details, null);
			case 138005 -> withRetry(code, "Call rate limit reached", details, 2);
			case 138006 -> new VobizApiException(401, "138006", "No call permission from the user", details, null);
			case 138012 -> {
				details.put("next_allowed_at",
						Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
				yield new VobizApiException(400, "138012", "Business-initiated call limit reached", details, null);
			}
			default -> new VobizApiException(400, Integer.toString(code), "Meta error " + code, details, null);
		};
	}

	private static VobizApiException withRetry(int code, String message, Map<String, Object> details, int seconds) {
		details.put("retryAfter", seconds);
		return new VobizApiException(429, Integer.toString(code), message, details, seconds);
	}

}
