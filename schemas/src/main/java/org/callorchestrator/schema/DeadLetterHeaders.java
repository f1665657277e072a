package org.callorchestrator.schema;

/**
 * Headers the call worker adds to a dead-letter record, beside Spring Kafka's own
 * {@code kafka_dlt-original-topic}, {@code kafka_dlt-original-partition},
 * {@code kafka_dlt-original-offset}, {@code kafka_dlt-exception-fqcn} and
 * {@code kafka_dlt-exception-message}. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {

	/**
	 * {@link ErrorCategory} name: VALIDATION, REJECTED, RETRIES_EXHAUSTED,
	 * OUTCOME_UNKNOWN, QUOTA, PERMISSION, OTHER, EXPIRED.
	 */
	public static final String ERROR_CATEGORY = "x-error-category";

	/** Vobiz error code or Meta code (e.g. {@code 138006}), when Vobiz gave one. */
	public static final String ERROR_CODE = "x-error-code";

	/** Human-readable reason. */
	public static final String ERROR_MESSAGE = "x-error-message";

	/** How many times the worker sent the command to Vobiz (0 when it never did). */
	public static final String ATTEMPTS = "x-attempts";

	/** The command id when the value could be decoded. */
	public static final String COMMAND_ID = "x-command-id";

	/**
	 * On an EXPIRED dead letter: the deadline the command missed (ISO-8601), from its
	 * {@code expires_at}, an {@link #EXPIRES_AT} header, or {@code requested_at} plus the
	 * worker's default maximum age.
	 */
	public static final String DEADLINE = "x-deadline";

	/**
	 * On an EXPIRED dead letter: how late the command was when the worker gave it up, in
	 * milliseconds.
	 */
	public static final String LATE_MS = "x-late-ms";

	/**
	 * On a command: a deadline (ISO-8601) that replaces the value's {@code expires_at}
	 * and the default. The replay tool sets it when the operator gives a replay a new
	 * deadline ({@code --expires-in} / {@code --expires-at}); an EXPIRED letter is not
	 * replayed without one.
	 */
	public static final String EXPIRES_AT = "x-expires-at";

	/** Set by the replay tool: the id of the replay run. */
	public static final String REPLAY_ID = "x-replay-id";

	/** Set by the replay tool: when the record was replayed (ISO-8601). */
	public static final String REPLAYED_AT = "x-replayed-at";

	/** Set by the replay tool: how many times this command has been replayed. */
	public static final String REPLAY_COUNT = "x-replay-count";

	private DeadLetterHeaders() {
	}

}
