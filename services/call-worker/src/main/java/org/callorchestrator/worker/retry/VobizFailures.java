package org.callorchestrator.worker.retry;

import java.time.Duration;
import java.time.Instant;

import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.vobiz.VobizError;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.deadletter.CommandFailure;

/**
 * Turns the Vobiz client's outcomes into the worker's failure categories (the table in
 * the README): rejected → REJECTED (Meta 138006 → PERMISSION); rate limit or quota beyond
 * what may be waited → QUOTA; not applied past the retry budget → RETRIES_EXHAUSTED;
 * unresolvable unknown outcome → OUTCOME_UNKNOWN.
 */
public final class VobizFailures {

	/**
	 * Meta: the user has not granted (or revoked) permission for business-initiated
	 * calls.
	 */
	public static final String NO_CALL_PERMISSION = "138006";

	private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

	private VobizFailures() {
	}

	public static CommandFailure rejected(VobizOutcome.Rejected<?> rejected, int attempts) {
		VobizError error = rejected.error();
		String code = codeOf(error);
		if (NO_CALL_PERMISSION.equals(code)) {
			return new CommandFailure(ErrorCategory.PERMISSION, code, rejected.status(),
					"The user has not granted call permission to this business (Meta 138006): ask for permission "
							+ "before calling; retrying cannot help. " + messageOf(error),
					false, attempts);
		}
		return new CommandFailure(ErrorCategory.REJECTED, code, rejected.status(),
				"Vobiz rejected the request: " + messageOf(error), false, attempts);
	}

	public static CommandFailure quota(VobizOutcome.RateLimited<?> limited, Duration wait, int attempts) {
		return new CommandFailure(ErrorCategory.QUOTA, codeOf(limited.error()), limited.status(),
				"Rate limit or call quota reached; next attempt allowed in " + wait.toSeconds() + " s"
						+ ((limited.notBefore() != null) ? " (at " + limited.notBefore() + ")" : "") + ": "
						+ messageOf(limited.error()),
				true, attempts);
	}

	public static CommandFailure exhausted(String reason, Integer status, int attempts) {
		return new CommandFailure(ErrorCategory.RETRIES_EXHAUSTED, null, status,
				"Vobiz did not apply the request after " + attempts + " attempts: " + reason, true, attempts);
	}

	public static CommandFailure unknown(String reason, Integer status, int attempts) {
		return new CommandFailure(ErrorCategory.OUTCOME_UNKNOWN, null, status,
				"Vobiz may or may not have applied the request (" + reason
						+ "); not re-sent to avoid a double dial — check the call logs before replaying",
				false, attempts);
	}

	/**
	 * How long a rate limit asks to wait: until its next allowed time, else its
	 * Retry-After, else one second.
	 */
	public static Duration waitFor(VobizOutcome.RateLimited<?> limited, Instant now) {
		if (limited.notBefore() != null) {
			Duration until = Duration.between(now, limited.notBefore());
			return until.isNegative() ? Duration.ZERO : until;
		}
		return (limited.retryAfter() != null) ? limited.retryAfter() : DEFAULT_RATE_LIMIT_WAIT;
	}

	static String codeOf(VobizError error) {
		if (error == null) {
			return null;
		}
		return (error.metaCode() != null) ? String.valueOf(error.metaCode()) : error.code();
	}

	static String messageOf(VobizError error) {
		return (error != null && error.message() != null) ? error.message() : "(no message)";
	}

}
