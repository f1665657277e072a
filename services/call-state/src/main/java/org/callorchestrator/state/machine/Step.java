package org.callorchestrator.state.machine;

import java.util.List;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;

/**
 * What one observation did to one call.
 *
 * @param verdict how the observation's status was taken
 * @param state the call's snapshot after it (the same instance as before when nothing
 * changed)
 * @param changed whether the snapshot changed (a transition, or facts the snapshot did
 * not have)
 * @param transitions the transitions to publish, in order: filled-in ones first, then the
 * observed one
 * @param filled how many of them were filled in (proven by the observation, not observed
 * themselves)
 * @param newWacid the call's wacid when this observation made it known
 */
public record Step(Verdict verdict, CallState state, boolean changed, List<CallEvent> transitions, int filled,
		String newWacid) {

	/** How an observation's status was taken. */
	public enum Verdict {

		/** The call moved to the observed status. */
		APPLIED,
		/**
		 * The call had reached that status already (the same status from another source,
		 * or a redelivery).
		 */
		DUPLICATE,
		/**
		 * The call is past that status without having reached it (an observation
		 * overtaken by a later one).
		 */
		LATE,
		/**
		 * The status is impossible for the call's direction (e.g. PRE_ACCEPTED on an
		 * outbound call).
		 */
		INVALID,
		/** The observation carried no status, only facts. */
		FACTS_ONLY

	}

}
