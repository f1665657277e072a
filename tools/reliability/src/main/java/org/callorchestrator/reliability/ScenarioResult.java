package org.callorchestrator.reliability;

import java.util.Map;

/**
 * The figures of one scenario.
 * @param scenario its name
 * @param sent commands (and poison records) sent; webhook deliveries; calls backfilled
 * @param withResult commands that got a result on {@code call.command-results}; for {@code webhooks} and
 * {@code broker-restart}'s deliveries: published on {@code webhook-ingress.observations}; for {@code poller-restart}:
 * calls in {@code call.logs}
 * @param deadLetters dead letters by {@code x-error-category}
 * @param withoutOutcome commands with neither a result nor a dead letter: lost
 * @param duplicateResults commands with more than one result
 * @param duplicateDials SDP offers the sandbox created more than one call for
 * @param notes what else was measured
 */
public record ScenarioResult(String scenario, int sent, long withResult, Map<String, Long> deadLetters,
		long withoutOutcome, long duplicateResults, long duplicateDials, String notes) {

	/** Nothing lost, nothing doubled. */
	public boolean clean() {
		return this.withoutOutcome == 0 && this.duplicateResults == 0 && this.duplicateDials == 0;
	}

}
