package org.callorchestrator.state.topology;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;

/**
 * What the call processor forwards: a transition for {@code call.events}, or a snapshot
 * for {@code call.state}.
 */
sealed interface Output {

	record Transition(CallEvent event) implements Output {
	}

	/**
	 * @param state the call's snapshot; null when the call was forgotten (a tombstone)
	 */
	record Snapshot(CallState state) implements Output {
	}

}
