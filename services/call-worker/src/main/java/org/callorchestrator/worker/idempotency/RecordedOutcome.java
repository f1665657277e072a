package org.callorchestrator.worker.idempotency;

import java.time.Instant;

/**
 * What the worker knows of one command.
 *
 * @param commandId the command's idempotency key
 * @param state IN_FLIGHT from just before the first request to Vobiz until the outcome
 * commits; then SUCCEEDED or FAILED
 * @param callId the Vobiz call, when there is one
 * @param resultKey key of the published result (null while in flight)
 * @param result the published result, Confluent-framed Avro bytes, re-emitted as they are
 * (null while in flight); a {@code CommandResult}, or a {@code CallEvent} for an outcome
 * recorded before results moved to call.command-results
 * @param recordedAt when this state was recorded
 * @param source the command record it concluded ({@code topic-partition@offset}); null
 * for markers and older records
 * @param durable read back from the outcomes topic (committed), rather than only
 * remembered by this instance
 */
public record RecordedOutcome(String commandId, State state, String callId, String resultKey, byte[] result,
		Instant recordedAt, String source, boolean durable) {

	/** Lifecycle of a command in the store. */
	public enum State {

		/**
		 * A request may have reached Vobiz but no outcome committed: a redelivery must
		 * reconcile, not resend.
		 */
		IN_FLIGHT,

		/** Vobiz applied the command; {@code result} is its success result. */
		SUCCEEDED,

		/** The command failed for good; {@code result} is its failure result. */
		FAILED

	}

	public static RecordedOutcome inFlight(String commandId, Instant now) {
		return new RecordedOutcome(commandId, State.IN_FLIGHT, null, null, null, now, null, false);
	}

	/**
	 * A final outcome this instance concluded for the record {@code source}, not yet
	 * committed.
	 */
	public static RecordedOutcome concluded(String commandId, State state, String callId, String resultKey,
			byte[] result, Instant recordedAt, String source) {
		return new RecordedOutcome(commandId, state, callId, resultKey, result, recordedAt, source, false);
	}

	/**
	 * This outcome with its result replaced (same state, call, time, source and
	 * durability).
	 */
	public RecordedOutcome withResult(String resultKey, byte[] result) {
		return new RecordedOutcome(this.commandId, this.state, this.callId, resultKey, result, this.recordedAt,
				this.source, this.durable);
	}

	/**
	 * True when this outcome is committed and concluded the very record {@code source}: a
	 * redelivery of a record whose result is already out (its offset was not committed
	 * yet when the worker stopped or lost the partition).
	 */
	public boolean committedFor(String source) {
		return this.durable && this.source != null && this.source.equals(source);
	}

	public boolean isFinal() {
		return this.state != State.IN_FLIGHT;
	}

}
