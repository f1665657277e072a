package org.callorchestrator.ingress.parsing;

import java.time.Instant;

/**
 * One call fact found in a delivery: a {@code calls[]} entry (connect, terminate) or a
 * {@code statuses[]} entry.
 *
 * @param kind what the fact is
 * @param wacid Meta's call id
 * @param direction USER_INITIATED, BUSINESS_INITIATED or null
 * @param from caller number (E.164, with +), or null
 * @param to callee number (E.164, with +), or null
 * @param status the status as sent, upper-cased (RINGING, ACCEPTED, REJECTED, COMPLETED,
 * FAILED …), or null
 * @param sdpType offer or answer, or null
 * @param sdp the SDP, or null
 * @param timestamp when it happened, or null
 * @param durationSeconds call duration, or null
 * @param answered whether the call was answered (a start time or a positive duration)
 * @param error first error as "code: message", or null
 * @param startTime when the call was answered (a terminate's {@code start_time}), or null
 */
public record CallSignal(Kind kind, String wacid, String direction, String from, String to, String status,
		String sdpType, String sdp, Instant timestamp, Integer durationSeconds, boolean answered, String error,
		Instant startTime) {

	/** The three call webhook kinds. */
	public enum Kind {

		CONNECT, STATUS, TERMINATE

	}

	public boolean inbound() {
		return "USER_INITIATED".equals(this.direction);
	}

}
