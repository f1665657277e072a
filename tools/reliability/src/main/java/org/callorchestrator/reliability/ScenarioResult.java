package org.callorchestrator.reliability;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The figures of one scenario.
 *
 * @param scenario its name
 * @param sent commands (and poison records) sent; webhook deliveries; calls backfilled;
 * calls placed
 * @param withResult commands that got a result on {@code call.command-results}; for
 * {@code webhooks} and {@code broker-restart}'s deliveries: published on
 * {@code webhook-ingress.observations}; for {@code poller-restart}: calls in
 * {@code call.logs}; for {@code call-state-crash}: calls whose final state in call-state
 * equals Vobiz's
 * @param deadLetters dead letters by {@code x-error-category}
 * @param withoutOutcome commands with neither a result nor a dead letter: lost (for
 * {@code call-state-crash}: calls whose final state is missing or wrong, plus commands
 * without a result)
 * @param duplicateResults commands with more than one result (for
 * {@code call-state-crash}: calls with a status twice, a sequence gap, a wrong previous
 * status or a transition after a terminal one, plus commands with two results)
 * @param duplicateDials SDP offers the sandbox created more than one call for
 * @param notes what else was measured
 * @param figures the scenario's own figures, by name (only where a scenario has more than
 * the columns)
 */
public record ScenarioResult(String scenario, int sent, long withResult, Map<String, Long> deadLetters,
		long withoutOutcome, long duplicateResults, long duplicateDials, String notes,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> figures) {

	public ScenarioResult(String scenario, int sent, long withResult, Map<String, Long> deadLetters,
			long withoutOutcome, long duplicateResults, long duplicateDials, String notes) {
		this(scenario, sent, withResult, deadLetters, withoutOutcome, duplicateResults, duplicateDials, notes,
				Map.of());
	}

	/**
	 * The figure of initiates whose call Vobiz created but whose result said they failed.
	 */
	public static final String CREATED_BUT_FAILED = "calls_created_but_reported_failed";

	/**
	 * The figure of services whose liveness was not UP after the scenario's faults (a
	 * consumer loop died).
	 */
	public static final String SERVICES_NOT_LIVE = "services_not_live";

	/**
	 * The figure of calls placed past their command's deadline, requests of expired
	 * commands that reached Vobiz after it came back, and commands whose deadline passed
	 * during an outage that did not end EXPIRED.
	 */
	public static final String DEADLINE_VIOLATIONS = "deadline_violations";

	/**
	 * Nothing lost, nothing doubled, nobody dialled twice, no command left "outcome
	 * unknown", no call that exists reported failed, no deadline broken, and no service's
	 * loop dead.
	 */
	public boolean clean() {
		return this.withoutOutcome == 0 && this.duplicateResults == 0 && this.duplicateDials == 0
				&& this.deadLetters.getOrDefault("OUTCOME_UNKNOWN", 0L) == 0
				&& ((Number) this.figures.getOrDefault(CREATED_BUT_FAILED, 0L)).longValue() == 0
				&& ((Number) this.figures.getOrDefault(DEADLINE_VIOLATIONS, 0L)).longValue() == 0
				&& ((Number) this.figures.getOrDefault(SERVICES_NOT_LIVE, 0L)).longValue() == 0;
	}

}
