package org.callorchestrator.schema;

/**
 * The one place that names the topics of the contract. Record keys are UTF-8 strings: {@code command_id} for
 * {@code call.initiate}, {@code call_id} for {@code call.action} and {@code call.events} (an initiate that failed before
 * Vobiz created a call is keyed by its {@code command_id}), the log id for {@code call.logs}. Values are Avro in the
 * Confluent wire format, subjects named by TopicNameStrategy ({@code <topic>-value}).
 */
public final class Topics {

	/** {@link CallInitiateCommand}s from producer teams. */
	public static final String CALL_INITIATE = "call.initiate";

	/** {@link CallActionCommand}s from producer teams, keyed by call_id. */
	public static final String CALL_ACTION = "call.action";

	/** {@link CallEvent}s: every state transition and every command outcome. */
	public static final String CALL_EVENTS = "call.events";

	/** {@link CallLogRecord}s (compacted, key = log id). */
	public static final String CALL_LOGS = "call.logs";

	/** Dead letters of {@link #CALL_INITIATE}: original key, value and headers plus the failure headers. */
	public static final String CALL_INITIATE_DLT = CALL_INITIATE + "-dlt";

	/** Dead letters of {@link #CALL_ACTION}. */
	public static final String CALL_ACTION_DLT = CALL_ACTION + "-dlt";

	/** One audit record per dead letter replayed by ops. */
	public static final String REPLAY_AUDIT = "call.replay.audit";

	private Topics() {
	}

}
