package org.callorchestrator.worker.deadletter;

import java.time.Duration;
import java.time.Instant;

import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.ErrorCategory;

/**
 * Why a command ended without success: what the failed {@code CommandResult} and the
 * dead-letter headers say.
 *
 * @param category failure category
 * @param code Vobiz error code or Meta code, or null
 * @param httpStatus Vobiz's last HTTP status, or null when none came
 * @param message human-readable reason (never a secret)
 * @param retryable whether the same command may succeed later
 * @param attempts how many times the command was sent to Vobiz
 * @param expiry for an EXPIRED failure: the deadline missed and by how much (dead-letter
 * headers {@code x-deadline}, {@code x-late-ms}); null otherwise
 */
public record CommandFailure(ErrorCategory category, String code, Integer httpStatus, String message, boolean retryable,
		int attempts, Expiry expiry) {

	public CommandFailure(ErrorCategory category, String code, Integer httpStatus, String message, boolean retryable,
			int attempts) {
		this(category, code, httpStatus, message, retryable, attempts, null);
	}

	public static CommandFailure validation(String message) {
		return new CommandFailure(ErrorCategory.VALIDATION, "VALIDATION_ERROR", null, message, false, 0);
	}

	public CallError toCallError() {
		return CallError.newBuilder()
			.setCategory(this.category)
			.setCode(this.code)
			.setHttpStatus(this.httpStatus)
			.setMessage(this.message)
			.setRetryable(this.retryable)
			.build();
	}

	/**
	 * @param deadline the deadline the command missed
	 * @param late how far past it the worker was when it gave the command up
	 */
	public record Expiry(Instant deadline, Duration late) {
	}

}
