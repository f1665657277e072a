package org.callorchestrator.vobiz;

import java.util.List;
import java.util.Map;

/**
 * The Vobiz error envelope's {@code error} object, read tolerantly:
 * {@code {"status":"error","error":{"code","message","details"},"timestamp","requestId"}}.
 *
 * @param code Vobiz code (e.g. {@code VALIDATION_ERROR}, {@code RATE_LIMIT_EXCEEDED}) or
 * a Meta code as text
 * @param message human-readable message
 * @param metaCode Meta's numeric code (138xxx) when the error carries one (as the code or
 * in the details)
 * @param fieldErrors {@code details.errors[]} of a validation error
 * @param details the raw details object
 * @param requestId Vobiz's request id, for support
 */
public record VobizError(String code, String message, Integer metaCode, List<FieldError> fieldErrors,
		Map<String, Object> details, String requestId) {

	/**
	 * One entry of {@code details.errors[]}.
	 *
	 * @param field the request field
	 * @param message what is wrong
	 * @param code machine code
	 * @param value the offending value
	 */
	public record FieldError(String field, String message, String code, Object value) {
	}

}
