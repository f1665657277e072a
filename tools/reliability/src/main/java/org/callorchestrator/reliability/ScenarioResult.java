package org.callorchestrator.reliability;

import java.util.Map;

/**
 * The figures of one scenario.
 * @param scenario its name
 * @param sent commands (and poison records) sent
 * @param withEvent commands that got an event on {@code call.events}
 * @param deadLetters dead letters by {@code x-error-category}
 * @param withoutOutcome commands with neither an event nor a dead letter: lost
 * @param duplicateEvents commands with more than one event
 * @param duplicateDials SDP offers the sandbox created more than one call for
 * @param notes what else was measured
 */
public record ScenarioResult(String scenario, int sent, long withEvent, Map<String, Long> deadLetters,
		long withoutOutcome, long duplicateEvents, long duplicateDials, String notes) {

	/** Nothing lost, nothing doubled. */
	public boolean clean() {
		return this.withoutOutcome == 0 && this.duplicateEvents == 0 && this.duplicateDials == 0;
	}

}
