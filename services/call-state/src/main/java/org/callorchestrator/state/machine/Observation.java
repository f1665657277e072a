package org.callorchestrator.state.machine;

import java.time.Instant;
import java.util.Map;

import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;

/**
 * One thing an observer saw about one call, in one shape whatever its source: a worker's
 * command result, a webhook delivery's call fact, or a call-log version. Every field but
 * {@code callId}, {@code source} and {@code occurredAt} may be null.
 *
 * @param callId the call
 * @param status the status the observer saw the call in (null or UNKNOWN: facts only, no
 * status)
 * @param source who observed it
 * @param occurredAt when the observed status was reached (Vobiz's time when it gave one)
 * @param commandId the command whose result this is (worker results only)
 * @param attributes that command's attributes
 * @param direction the call's direction
 * @param from caller number
 * @param to callee number
 * @param channelId Vobiz channel
 * @param metaCallId Meta's wacid
 * @param sdpOffer the user's SDP offer (inbound)
 * @param sdpAnswer the callee's SDP answer (outbound)
 * @param durationSeconds call duration
 * @param hangupCause why the call ended
 * @param startedAt when the call started (call logs)
 * @param answeredAt when the call was answered (call logs): proves ACCEPTED
 * @param endedAt when the call ended (call logs)
 */
public record Observation(String callId, CallStatus status, EventSource source, Instant occurredAt, String commandId,
		Map<String, String> attributes, CallDirection direction, String from, String to, String channelId,
		String metaCallId, String sdpOffer, String sdpAnswer, Integer durationSeconds, String hangupCause,
		Instant startedAt, Instant answeredAt, Instant endedAt) {

	public Observation {
		attributes = (attributes != null) ? attributes : Map.of();
	}

	/**
	 * A status with facts and nothing else: the start of a builder-free test or adapter.
	 */
	public static Observation of(String callId, CallStatus status, EventSource source, Instant occurredAt) {
		return new Observation(callId, status, source, occurredAt, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null);
	}

	public Observation withDirection(CallDirection direction) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, this.commandId, this.attributes,
				direction, this.from, this.to, this.channelId, this.metaCallId, this.sdpOffer, this.sdpAnswer,
				this.durationSeconds, this.hangupCause, this.startedAt, this.answeredAt, this.endedAt);
	}

	public Observation withCommand(String commandId, Map<String, String> attributes) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, commandId, attributes,
				this.direction, this.from, this.to, this.channelId, this.metaCallId, this.sdpOffer, this.sdpAnswer,
				this.durationSeconds, this.hangupCause, this.startedAt, this.answeredAt, this.endedAt);
	}

	public Observation withTimes(Instant startedAt, Instant answeredAt, Instant endedAt) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, this.commandId, this.attributes,
				this.direction, this.from, this.to, this.channelId, this.metaCallId, this.sdpOffer, this.sdpAnswer,
				this.durationSeconds, this.hangupCause, startedAt, answeredAt, endedAt);
	}

	public Observation withEnding(Integer durationSeconds, String hangupCause) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, this.commandId, this.attributes,
				this.direction, this.from, this.to, this.channelId, this.metaCallId, this.sdpOffer, this.sdpAnswer,
				durationSeconds, hangupCause, this.startedAt, this.answeredAt, this.endedAt);
	}

	public Observation withParties(String from, String to, String channelId, String metaCallId) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, this.commandId, this.attributes,
				this.direction, from, to, channelId, metaCallId, this.sdpOffer, this.sdpAnswer, this.durationSeconds,
				this.hangupCause, this.startedAt, this.answeredAt, this.endedAt);
	}

	public Observation withSdp(String sdpOffer, String sdpAnswer) {
		return new Observation(this.callId, this.status, this.source, this.occurredAt, this.commandId, this.attributes,
				this.direction, this.from, this.to, this.channelId, this.metaCallId, sdpOffer, sdpAnswer,
				this.durationSeconds, this.hangupCause, this.startedAt, this.answeredAt, this.endedAt);
	}

}
