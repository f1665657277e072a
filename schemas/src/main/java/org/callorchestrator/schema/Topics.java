package org.callorchestrator.schema;

/**
 * The one place that names the topics of the contract. Record keys are UTF-8 strings:
 * {@code command_id} for {@code call.initiate}, {@code call_id} for {@code call.action},
 * {@code call.command-results} (an initiate that failed before Vobiz created a call is
 * keyed by its {@code command_id}), {@code call.events} and {@code call.state}, the log
 * id (= call_id) for {@code call.logs}. Values are Avro in the Confluent wire format,
 * subjects named by TopicNameStrategy ({@code <topic>-value}).
 */
public final class Topics {

	/** {@link CallInitiateCommand}s from producer teams. */
	public static final String CALL_INITIATE = "call.initiate";

	/** {@link CallActionCommand}s from producer teams, keyed by call_id. */
	public static final String CALL_ACTION = "call.action";

	/**
	 * {@link CommandResult}s: exactly one per command, success or failure, written by the
	 * call worker.
	 */
	public static final String CALL_COMMAND_RESULTS = "call.command-results";

	/**
	 * {@link CallEvent}s: the canonical state transitions, each status of a call exactly
	 * once, in order, with its previous status and a gapless per-call sequence; written
	 * only by the call-state service.
	 */
	public static final String CALL_EVENTS = "call.events";

	/**
	 * {@link CallState}s (compacted, key = call_id): every call's latest snapshot,
	 * written by call-state.
	 */
	public static final String CALL_STATE = "call.state";

	/**
	 * Internal: the webhook ingress's observations ({@link CallEvent}s, source WEBHOOK,
	 * sequence 0), keyed by call_id or by the wacid while the call is unknown;
	 * call-state's input. Consumers read {@link #CALL_EVENTS} instead.
	 */
	public static final String WEBHOOK_OBSERVATIONS = "webhook-ingress.observations";

	/** {@link CallLogRecord}s (compacted, key = log id). */
	public static final String CALL_LOGS = "call.logs";

	/**
	 * Dead letters of {@link #CALL_INITIATE}: original key, value and headers plus the
	 * failure headers.
	 */
	public static final String CALL_INITIATE_DLT = CALL_INITIATE + "-dlt";

	/** Dead letters of {@link #CALL_ACTION}. */
	public static final String CALL_ACTION_DLT = CALL_ACTION + "-dlt";

	/** One audit record per dead letter replayed by ops. */
	public static final String REPLAY_AUDIT = "call.replay.audit";

	private Topics() {
	}

}
