package org.callorchestrator.vobiz;

import java.time.Duration;
import java.time.Instant;

/**
 * What became of one request to Vobiz — exactly one of five outcomes, chosen for what the
 * caller may do next.
 *
 * <table>
 * <caption>Outcomes, what they tell and whether to retry</caption>
 * <tr>
 * <th>Outcome</th>
 * <th>When</th>
 * <th>May the caller resend?</th>
 * </tr>
 * <tr>
 * <td>{@link Success}</td>
 * <td>2xx with a readable body</td>
 * <td>—</td>
 * </tr>
 * <tr>
 * <td>{@link Rejected}</td>
 * <td>4xx other than rate limits (422 validation, 401/403, 404, 409, Meta 138006 …)</td>
 * <td>no: it will fail again</td>
 * </tr>
 * <tr>
 * <td>{@link RateLimited}</td>
 * <td>429, or Meta 138002 / 138005 / 138012</td>
 * <td>after {@code retryAfter} or at {@code notBefore}</td>
 * </tr>
 * <tr>
 * <td>{@link NotApplied}</td>
 * <td>nothing reached Vobiz (connect refused or timed out, no free connection) or 503
 * (refused before processing)</td>
 * <td>yes, safely</td>
 * </tr>
 * <tr>
 * <td>{@link OutcomeUnknown}</td>
 * <td>the request left but no usable answer came: response timeout, connection reset,
 * 500/502/504, an unreadable 2xx</td>
 * <td>not blindly: the call may exist</td>
 * </tr>
 * <tr>
 * <td>{@link NotSent}</td>
 * <td>only for a request given a send-by time: it passed before the request could leave
 * (held by the gate, or waiting for a connection)</td>
 * <td>only with a later send-by time</td>
 * </tr>
 * </table>
 *
 * @param <T> the success body type
 */
public sealed interface VobizOutcome<T> {

	/** Whether sending the same request again later may succeed and cannot do harm. */
	boolean isRetryable();

	/** Vobiz applied the request. */
	record Success<T>(T body, int status) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return false;
		}
	}

	/** Vobiz refused the request for a reason that will not go away by retrying. */
	record Rejected<T>(int status, VobizError error) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return false;
		}
	}

	/**
	 * A rate limit or quota: retry after {@code retryAfter} (from Retry-After or the
	 * error details), or not before {@code notBefore} (Meta 138012's next allowed time);
	 * either may be null.
	 */
	record RateLimited<T>(int status, VobizError error, Duration retryAfter,
			Instant notBefore) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return true;
		}
	}

	/**
	 * The request was not applied: safe to send again. {@code status} is null when no
	 * HTTP answer came.
	 */
	record NotApplied<T>(String reason, Integer status) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return true;
		}
	}

	/**
	 * The request may or may not have been applied. {@code status} is null when no HTTP
	 * answer came.
	 */
	record OutcomeUnknown<T>(String reason, Integer status) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return false;
		}
	}

	/**
	 * The request was never sent: its send-by time ({@code sendBy}) passed while it
	 * waited to leave — at the gate (pacing, an outage hold) or for a free connection.
	 * Nothing reached Vobiz. Only the methods taking a send-by time end in it.
	 */
	record NotSent<T>(Instant sendBy) implements VobizOutcome<T> {

		@Override
		public boolean isRetryable() {
			return false;
		}
	}

}
