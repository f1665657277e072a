package org.callorchestrator.worker.idempotency;

import java.time.Instant;

/**
 * What the worker knows of one command.
 *
 * @param commandId the command's idempotency key
 * @param state IN_FLIGHT from just before the first request to Vobiz until the outcome commits; then SUCCEEDED or
 * FAILED
 * @param callId the Vobiz call, when there is one
 * @param eventKey key of the published outcome event (null while in flight)
 * @param event the published outcome event, Confluent-framed Avro bytes, re-emitted as they are (null while in flight)
 * @param recordedAt when this state was recorded
 */
public record RecordedOutcome(String commandId, State state, String callId, String eventKey, byte[] event,
		Instant recordedAt) {

	/** Lifecycle of a command in the store. */
	public enum State {

		/** A request may have reached Vobiz but no outcome committed: a redelivery must reconcile, not resend. */
		IN_FLIGHT,

		/** Vobiz applied the command; {@code event} is the success event. */
		SUCCEEDED,

		/** The command failed for good; {@code event} is the failure event. */
		FAILED

	}

	public static RecordedOutcome inFlight(String commandId, Instant now) {
		return new RecordedOutcome(commandId, State.IN_FLIGHT, null, null, null, now);
	}

	public boolean isFinal() {
		return this.state != State.IN_FLIGHT;
	}

}
