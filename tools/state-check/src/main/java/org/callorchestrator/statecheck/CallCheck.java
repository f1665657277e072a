package org.callorchestrator.statecheck;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;

/**
 * What one call's canonical history must be: each status once, sequence 1..n without a
 * gap, each previous_status the status of the transition before it (null on the first),
 * one partition, nothing after a terminal status; and its final snapshot the sandbox's
 * call-log status.
 *
 * @param repeated a status published twice
 * @param gap a sequence that is not 1..n in order
 * @param wrongPrevious a previous_status that is not the status before it
 * @param afterTerminal a transition after a terminal one
 * @param partitions more than one partition
 * @param stateMismatch the last call.state snapshot's status differs from the sandbox's
 * log status
 */
record CallCheck(boolean repeated, boolean gap, boolean wrongPrevious, boolean afterTerminal, boolean partitions,
		boolean stateMismatch) {

	private static final Set<CallStatus> TERMINAL = EnumSet.of(CallStatus.REJECTED, CallStatus.TERMINATED,
			CallStatus.FAILED, CallStatus.MISSED);

	static CallCheck of(List<Ledger.Transition> transitions, CallState state, String sandboxStatus) {
		boolean repeated = transitions.stream().map(t -> t.event().getStatus()).distinct().count() != transitions
			.size();
		boolean gap = false;
		boolean wrongPrevious = false;
		boolean afterTerminal = false;
		for (int i = 0; i < transitions.size(); i++) {
			CallEvent event = transitions.get(i).event();
			gap |= event.getSequence() != i + 1;
			CallStatus expected = (i == 0) ? null : transitions.get(i - 1).event().getStatus();
			wrongPrevious |= event.getPreviousStatus() != expected;
			afterTerminal |= i > 0 && TERMINAL.contains(transitions.get(i - 1).event().getStatus());
		}
		boolean partitions = transitions.stream().map(Ledger.Transition::partition).distinct().count() > 1;
		boolean stateMismatch = state == null || sandboxStatus == null
				|| !state.getStatus().name().equals(sandboxStatus.toUpperCase(Locale.ROOT));
		return new CallCheck(repeated, gap, wrongPrevious, afterTerminal, partitions, stateMismatch);
	}

	boolean clean() {
		return !this.repeated && !this.gap && !this.wrongPrevious && !this.afterTerminal && !this.partitions
				&& !this.stateMismatch;
	}

}
