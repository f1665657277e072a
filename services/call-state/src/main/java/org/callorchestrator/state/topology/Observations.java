package org.callorchestrator.state.topology;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.state.machine.Observation;
import org.callorchestrator.state.machine.Statuses;

/**
 * Each input record in the one shape the state machine takes. Times are cut to
 * milliseconds, as the schemas keep them.
 */
final class Observations {

	private Observations() {
	}

	/**
	 * Whether a command result says anything about a call: it succeeded, names its call
	 * and a status.
	 */
	static boolean aboutACall(CommandResult result) {
		return result != null && result.getSucceeded() && result.getCallId() != null && result.getStatus() != null;
	}

	static Observation of(CommandResult result) {
		return Observation
			.of(result.getCallId(), result.getStatus(), EventSource.WORKER, millis(result.getOccurredAt()))
			.withDirection(result.getDirection())
			.withCommand(result.getCommandId(), result.getAttributes())
			.withParties(result.getFrom(), result.getTo(), result.getChannelId(), null);
	}

	/**
	 * A webhook observation of the ingress whose call is known. A terminate that says the
	 * call was answered (its {@code start_time}, else a positive duration: answered at
	 * the end minus the duration) proves ACCEPTED.
	 */
	static Observation of(CallEvent observed) {
		Instant at = millis(observed.getOccurredAt());
		Instant answered = millis(observed.getAnsweredAt());
		Integer duration = observed.getDurationSeconds();
		if (answered == null && duration != null && duration > 0 && observed.getStatus() != null
				&& Statuses.terminal(observed.getStatus())) {
			answered = at.minusSeconds(duration);
		}
		return Observation.of(observed.getCallId(), observed.getStatus(), observed.getSource(), at)
			.withDirection(observed.getDirection())
			.withParties(observed.getFrom(), observed.getTo(), observed.getChannelId(), observed.getMetaCallId())
			.withSdp(observed.getSdpOffer(), observed.getSdpAnswer())
			.withEnding(duration, observed.getHangupCause())
			.withTimes(null, answered, null);
	}

	/**
	 * One call-log version: its status at the time Vobiz gives for it, and every time it
	 * knows.
	 */
	static Observation of(CallLogRecord row) {
		CallStatus status = status(row.getStatus());
		Instant started = millis((row.getStartedAt() != null) ? row.getStartedAt() : row.getCreatedAt());
		Instant at = switch (status) {
			case INITIATED, RINGING -> started;
			case ACCEPTED -> (row.getAnsweredAt() != null) ? row.getAnsweredAt() : row.getUpdatedAt();
			case REJECTED, TERMINATED, FAILED, MISSED ->
				(row.getEndedAt() != null) ? row.getEndedAt() : row.getUpdatedAt();
			case PRE_ACCEPTED, UNKNOWN -> row.getUpdatedAt();
		};
		return Observation.of(row.getId(), status, EventSource.LOG_POLLER, millis(at))
			.withDirection(direction(row.getDirection()))
			.withParties(row.getFromNumber(), row.getToNumber(), row.getChannelId(), row.getMetaCallId())
			.withSdp(row.getOfferSdp(), row.getAnswerSdp())
			.withEnding(row.getDurationSeconds(), row.getHangupCause())
			.withTimes(started, millis(row.getAnsweredAt()), millis(row.getEndedAt()));
	}

	/**
	 * A call-log version as the pair it proves, for the wacid mapping: a
	 * {@link CallEvent} that names both ids and no status, keyed by the wacid.
	 */
	static CallEvent mapping(CallLogRecord row) {
		return CallEvent.newBuilder()
			.setEventId("mapping:" + row.getMetaCallId())
			.setCallId(row.getId())
			.setMetaCallId(row.getMetaCallId())
			.setSource(EventSource.LOG_POLLER)
			.setOccurredAt(row.getUpdatedAt())
			.build();
	}

	/**
	 * Whether a record on the wacid branch is a mapping (both ids, no status) rather than
	 * an unmapped observation.
	 */
	static boolean isMapping(CallEvent event) {
		return event.getStatus() == null && event.getCallId() != null;
	}

	/** Vobiz's lower-case status, tolerantly: an unknown one is UNKNOWN (facts only). */
	static CallStatus status(String vobiz) {
		if (vobiz == null) {
			return CallStatus.UNKNOWN;
		}
		try {
			return CallStatus.valueOf(vobiz.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return CallStatus.UNKNOWN;
		}
	}

	static CallDirection direction(String vobiz) {
		if (vobiz == null) {
			return null;
		}
		return switch (vobiz.trim().toLowerCase(Locale.ROOT)) {
			case "outbound" -> CallDirection.OUTBOUND;
			case "inbound" -> CallDirection.INBOUND;
			default -> null;
		};
	}

	private static Instant millis(Instant at) {
		return (at != null) ? at.truncatedTo(ChronoUnit.MILLIS) : null;
	}

}
