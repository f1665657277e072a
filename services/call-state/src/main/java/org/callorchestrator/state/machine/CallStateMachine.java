package org.callorchestrator.state.machine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;

/**
 * The state machine of one call, as a pure function: (snapshot, observation) →
 * {@link Step}. No I/O, no clock of its own, so the Kafka Streams processor, the tests
 * and a replay all get the same answer.
 *
 * <p>
 * Rules (README, "Call state"):
 * <ul>
 * <li>A status the call reached already is never published again: duplicates from one or
 * several observers collapse into the first.</li>
 * <li>A call never moves backwards: an observation of a status behind the current one is
 * late and changes only the facts the snapshot lacked.</li>
 * <li>A skipped status is filled in only when the observation proves it, with its own
 * time: a call's first status (INITIATED outbound, RINGING inbound) whenever a later one
 * is observed first, at Vobiz's start time when known; and ACCEPTED before TERMINATED or
 * FAILED when the observation proves the call was answered — a call log's
 * {@code answered_at}, a terminate webhook's {@code start_time} or positive duration — at
 * that time. Nothing else is invented (RINGING of an outbound call, PRE_ACCEPTED of an
 * inbound one: they may or may not have happened).</li>
 * </ul>
 */
public final class CallStateMachine {

	/**
	 * The result of applying {@code observation} to {@code current} (null: a call not
	 * seen before) at {@code now}.
	 */
	public Step apply(CallState current, Observation observation, Instant now) {
		CallDirection direction = (current != null && current.getDirection() != null) ? current.getDirection()
				: observation.direction();
		CallStatus target = observation.status();
		CallState.Builder next = (current != null) ? CallState.newBuilder(current) : fresh(observation);
		mergeFacts(next, observation, direction);
		Step.Verdict verdict;
		List<CallEvent> transitions = new ArrayList<>(2);
		int filled = 0;
		if (target == null || target == CallStatus.UNKNOWN) {
			verdict = Step.Verdict.FACTS_ONLY;
		}
		else if (!Statuses.possible(direction, target)) {
			verdict = Step.Verdict.INVALID;
		}
		else if (current != null && current.getPath().contains(target)) {
			verdict = Step.Verdict.DUPLICATE;
		}
		else if (current != null && Statuses.rank(target) <= Statuses.rank(current.getStatus())) {
			verdict = Step.Verdict.LATE;
		}
		else {
			verdict = Step.Verdict.APPLIED;
			for (Fill fill : fills(current, observation, direction, target)) {
				transitions.add(transition(next, fill.status(), fill.at(), observation, direction, false));
				filled++;
			}
			transitions.add(transition(next, target, observation.occurredAt(), observation, direction, true));
		}
		if (observation.commandId() != null) {
			next.setLastCommandId(observation.commandId());
		}
		String newWacid = (observation.metaCallId() != null && (current == null || current.getMetaCallId() == null))
				? observation.metaCallId() : null;
		next.setUpdatedAt((current != null) ? current.getUpdatedAt() : now);
		CallState candidate = next.build();
		if (candidate.getSequence() == 0 || (current != null && candidate.equals(current))) {
			// nothing new, or facts about a call without a status yet: nothing to keep
			// until a status is seen
			return new Step(verdict, current, false, List.of(), 0, null);
		}
		candidate.setUpdatedAt(now);
		return new Step(verdict, candidate, true, List.copyOf(transitions), filled, newWacid);
	}

	private record Fill(CallStatus status, Instant at) {
	}

	/** The statuses the observation proves before {@code target}, oldest first. */
	private static List<Fill> fills(CallState current, Observation observation, CallDirection direction,
			CallStatus target) {
		List<Fill> fills = new ArrayList<>(2);
		CallStatus first = Statuses.first(direction);
		if ((current == null || current.getSequence() == 0) && first != null && first != target) {
			Instant at = (observation.startedAt() != null) ? observation.startedAt() : observation.occurredAt();
			fills.add(new Fill(first, earliest(at, observation.occurredAt())));
		}
		Instant answeredAt = (observation.answeredAt() != null) ? observation.answeredAt()
				: (current != null) ? current.getAnsweredAt() : null;
		boolean answerable = target == CallStatus.TERMINATED || target == CallStatus.FAILED;
		boolean accepted = current != null && current.getPath().contains(CallStatus.ACCEPTED);
		if (answerable && answeredAt != null && !accepted) {
			fills.add(new Fill(CallStatus.ACCEPTED, earliest(answeredAt, observation.occurredAt())));
		}
		return fills;
	}

	private static Instant earliest(Instant a, Instant b) {
		return (b != null && b.isBefore(a)) ? b : a;
	}

	/** Moves {@code next} to {@code status} and builds the transition that says so. */
	private static CallEvent transition(CallState.Builder next, CallStatus status, Instant at, Observation observed,
			CallDirection direction, boolean observedItself) {
		CallStatus previous = (next.getSequence() > 0) ? next.getStatus() : null;
		int sequence = next.getSequence() + 1;
		List<CallStatus> path = new ArrayList<>(next.getPath());
		path.add(status);
		next.setStatus(status).setSequence(sequence).setPath(path).setLastSource(observed.source());
		if (next.getStartedAt() == null) {
			next.setStartedAt(at);
		}
		if (status == CallStatus.ACCEPTED) {
			next.setAnsweredAt(at);
		}
		if (Statuses.terminal(status)) {
			next.setEndedAt((observed.endedAt() != null) ? observed.endedAt() : at);
		}
		boolean byCommand = observedItself && observed.commandId() != null;
		CallEvent.Builder event = CallEvent.newBuilder()
			.setEventId(eventId(next.getCallId(), sequence))
			.setCallId(next.getCallId())
			.setMetaCallId(next.getMetaCallId())
			.setChannelId(next.getChannelId())
			.setCommandId(byCommand ? observed.commandId() : null)
			.setAttributes(byCommand ? observed.attributes() : Map.of())
			.setDirection(direction)
			.setFrom(next.getFrom())
			.setTo(next.getTo())
			.setPreviousStatus(previous)
			.setStatus(status)
			.setSequence(sequence)
			.setSource(observed.source())
			.setOccurredAt(at);
		if (status == CallStatus.RINGING && direction == CallDirection.INBOUND) {
			event.setSdpOffer(observed.sdpOffer());
		}
		if (status == CallStatus.ACCEPTED && direction == CallDirection.OUTBOUND) {
			event.setSdpAnswer(observed.sdpAnswer());
		}
		if (Statuses.terminal(status)) {
			event.setDurationSeconds(next.getDurationSeconds())
				.setHangupCause(next.getHangupCause())
				.setAnsweredAt(next.getAnsweredAt());
		}
		return event.build();
	}

	/**
	 * The id of a call's {@code sequence}-th transition: the same whoever computes it,
	 * however often.
	 */
	public static String eventId(String callId, int sequence) {
		return UUID.nameUUIDFromBytes(("call-state:" + callId + ":" + sequence).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	private static CallState.Builder fresh(Observation observation) {
		return CallState.newBuilder()
			.setCallId(observation.callId())
			.setStatus(CallStatus.UNKNOWN)
			.setSequence(0)
			.setPath(new ArrayList<>());
	}

	/**
	 * The union of what the snapshot knew and what the observation adds; the snapshot's
	 * values win, except the call's times, where Vobiz's call log is the record (to the
	 * millisecond, where webhooks give whole seconds and the worker its own clock).
	 */
	private static void mergeFacts(CallState.Builder next, Observation o, CallDirection direction) {
		if (o.source() == EventSource.LOG_POLLER) {
			if (o.startedAt() != null) {
				next.setStartedAt(o.startedAt());
			}
			if (o.answeredAt() != null) {
				next.setAnsweredAt(o.answeredAt());
			}
			if (o.endedAt() != null) {
				next.setEndedAt(o.endedAt());
			}
		}
		next.setDirection(direction);
		next.setFrom(first(next.getFrom(), o.from()));
		next.setTo(first(next.getTo(), o.to()));
		next.setChannelId(first(next.getChannelId(), o.channelId()));
		next.setMetaCallId(first(next.getMetaCallId(), o.metaCallId()));
		if (o.startedAt() != null && (next.getStartedAt() == null || o.startedAt().isBefore(next.getStartedAt()))) {
			next.setStartedAt(o.startedAt());
		}
		if (o.durationSeconds() != null) {
			next.setDurationSeconds(o.durationSeconds());
		}
		if (o.hangupCause() != null) {
			next.setHangupCause(o.hangupCause());
		}
		if (o.answeredAt() != null && next.getAnsweredAt() == null) {
			next.setAnsweredAt(o.answeredAt());
		}
		if (o.endedAt() != null && next.getEndedAt() == null && Statuses.terminal(next.getStatus())) {
			next.setEndedAt(o.endedAt());
		}
	}

	private static <T> T first(T existing, T incoming) {
		return (existing != null) ? existing : incoming;
	}

}
