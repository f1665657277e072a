package org.callorchestrator.state.machine;

import java.util.EnumSet;
import java.util.Set;

import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallStatus;

/**
 * The order of a call's statuses. Outbound: INITIATED → RINGING → ACCEPTED → TERMINATED;
 * inbound: RINGING → PRE_ACCEPTED → ACCEPTED → TERMINATED; REJECTED, FAILED and MISSED
 * are terminal too. A call only moves to a status of a higher rank; the four terminal
 * statuses share the highest rank, so a call ends once.
 */
public final class Statuses {

	static final Set<CallStatus> TERMINAL = EnumSet.of(CallStatus.REJECTED, CallStatus.TERMINATED, CallStatus.FAILED,
			CallStatus.MISSED);

	private Statuses() {
	}

	/** Position of {@code status} on the path; -1 for UNKNOWN. */
	public static int rank(CallStatus status) {
		return switch (status) {
			case INITIATED -> 0;
			case RINGING -> 1;
			case PRE_ACCEPTED -> 2;
			case ACCEPTED -> 3;
			case REJECTED, TERMINATED, FAILED, MISSED -> 4;
			case UNKNOWN -> -1;
		};
	}

	public static boolean terminal(CallStatus status) {
		return TERMINAL.contains(status);
	}

	/**
	 * Whether a call of {@code direction} (null: not known yet) can be in {@code status}
	 * at all.
	 */
	static boolean possible(CallDirection direction, CallStatus status) {
		if (direction == CallDirection.OUTBOUND) {
			return status != CallStatus.PRE_ACCEPTED;
		}
		if (direction == CallDirection.INBOUND) {
			return status != CallStatus.INITIATED;
		}
		return true;
	}

	/**
	 * The status every call of {@code direction} starts in: INITIATED outbound, RINGING
	 * inbound; null if unknown.
	 */
	static CallStatus first(CallDirection direction) {
		if (direction == null) {
			return null;
		}
		return (direction == CallDirection.OUTBOUND) ? CallStatus.INITIATED : CallStatus.RINGING;
	}

}
