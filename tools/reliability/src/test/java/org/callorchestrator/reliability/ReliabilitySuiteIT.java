package org.callorchestrator.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short variant of {@code bin/reliability} (1,000 commands, 200 + 40 calls through
 * call-state): the log poller killed part-way through its backfill, the worker as a
 * separate process killed with SIGKILL part-way, three workers in one group through a
 * kill, a join and a rolling restart, a Vobiz outage longer than the initiates' deadline
 * (every command past it EXPIRED, never dialled), a three-node broker cluster through the
 * kill -9 of the group coordinator's node and of the node leading most of call.events,
 * then poison input, call-state killed part-way and restored from its changelogs —
 * nothing lost, nothing doubled, nothing left OUTCOME_UNKNOWN, every call's transitions
 * exactly once, no secret leaked.
 *
 * <p>
 * The suite runs once for the class (its scenarios share a broker, a worker and a poller,
 * and its time is the CI's budget); each test then judges one scenario's figures, so a
 * failure names its scenario.
 */
class ReliabilitySuiteIT {

	static Map<String, ScenarioResult> byName;

	static List<String> order;

	@BeforeAll
	static void runTheShortSuite() throws Exception {
		System.setProperty("repo.root", "../..");
		List<ScenarioResult> results = ReliabilitySuite.run(1000, 24000,
				Path.of("tools/reliability/target/reliability/results.json"));
		order = results.stream().map(ScenarioResult::scenario).toList();
		byName = results.stream().collect(Collectors.toMap(ScenarioResult::scenario, Function.identity()));
	}

	/**
	 * The scenario's figures, which must be clean: nothing lost, doubled, dialled twice
	 * or left without outcome.
	 */
	static ScenarioResult clean(String scenario) {
		assertThat(byName).as("the suite ran %s", scenario).containsKey(scenario);
		ScenarioResult result = byName.get(scenario);
		assertThat(result.clean()).as(result.toString()).isTrue();
		return result;
	}

	@Test
	void runsEveryScenarioInTheSuitesOrder() {
		assertThat(order).containsExactlyElementsOf(ReliabilitySuite.SCENARIOS);
	}

	@Test
	void pollerRestartMirrorsEveryCallOnceThroughAKillDuringTheBackfill() {
		clean("poller-restart");
	}

	@Test
	void workerCrashAppliesEveryCommandThroughAKillNineAndLeavesNoneOutcomeUnknown() {
		assertThat(clean("worker-crash").deadLetters()).as("crash: every command applied, none OUTCOME_UNKNOWN")
			.isEmpty();
	}

	@Test
	void workerGroupAppliesEveryCommandInOrderThroughAKillAJoinAndARollingRestart() {
		ScenarioResult group = clean("worker-group");
		assertThat(group.deadLetters())
			.as("three workers through a kill -9, a join and a rolling restart: every command "
					+ "applied, none OUTCOME_UNKNOWN")
			.isEmpty();
		assertThat(group.figures()).containsEntry("calls_with_actions_out_of_order", 0L)
			.containsEntry(ScenarioResult.CREATED_BUT_FAILED, 0L);
	}

	@Test
	void brokerRestartLosesNothingWhenTheBrokerIsKilledAndStartedAgain() {
		clean("broker-restart");
	}

	@Test
	void brokerClusterAppliesEveryCommandAndTransitionOnceThroughTwoNodesKilledInTurn() {
		ScenarioResult cluster = clean("broker-cluster");
		assertThat(cluster.deadLetters())
			.as("two broker nodes killed in turn: every command applied, none " + "OUTCOME_UNKNOWN")
			.isEmpty();
		assertThat(cluster.figures()).containsEntry(ScenarioResult.CREATED_BUT_FAILED, 0L)
			.containsEntry("calls_with_actions_out_of_order", 0L)
			.containsEntry("calls_with_a_status_twice", 0)
			.containsEntry("calls_with_a_sequence_gap", 0)
			.containsEntry("final_state_mismatches", 0L)
			.containsEntry("calls_not_in_call_logs", 0L)
			.containsEntry("call_log_versions_twice", 0L);
	}

	@Test
	void vobizOutageDeadLettersNothing() {
		assertThat(clean("vobiz-outage").deadLetters()).as("outage: nothing dead-lettered").isEmpty();
	}

	@Test
	void vobizUnansweredSettlesEveryRequestFromTheCallLogs() {
		assertThat(clean("vobiz-unanswered").deadLetters())
			.as("requests applied but never answered: every one settled from the call logs")
			.isEmpty();
	}

	@Test
	void deadlineOutageExpiresEveryCommandPastItsDeadlineAndDialsNoneOfThem() {
		ScenarioResult deadline = clean("deadline-outage");
		assertThat(deadline.deadLetters()).as("an outage longer than the deadline: only EXPIRED dead letters")
			.containsOnlyKeys("EXPIRED");
		assertThat(deadline.figures())
			.as("every command whose deadline passed while Vobiz was out EXPIRED, never dialled")
			.containsEntry("expired_deadline_before_back", deadline.figures().get("deadline_before_vobiz_back"))
			.containsEntry("requests_of_expired_after_vobiz_back", 0L)
			.containsEntry("calls_placed_past_deadline", 0L)
			.containsEntry("expired_without_expires_at", 0L)
			.containsEntry(ScenarioResult.DEADLINE_VIOLATIONS, 0L)
			.containsEntry(ScenarioResult.CREATED_BUT_FAILED, 0L);
		assertThat((Long) deadline.figures().get("deadline_before_vobiz_back")).isPositive();
		assertThat((Long) deadline.figures().get("dialled")).as("the commands without a short deadline: dialled once")
			.isGreaterThanOrEqualTo(100L);
	}

	@Test
	void poisonIsDeadLetteredWithAReasonAndUndecodableInternalRecordsAreSkippedAndCounted() {
		ScenarioResult poison = clean("poison");
		assertThat(poison.deadLetters()).containsEntry("VALIDATION", 6L);
		assertThat(poison.withResult()).isGreaterThanOrEqualTo(53);
		assertThat(poison.figures())
			.as("a record nobody decodes on every internal topic: skipped, counted, no loop dead")
			.containsEntry(ScenarioResult.SERVICES_NOT_LIVE, 0L)
			.containsEntry("skipped_worker_outcome_mirror", 1L)
			.containsEntry("skipped_worker_call_log_index", 2L)
			.containsEntry("skipped_ingress_seen_deliveries", 1L)
			.containsEntry("skipped_ingress_call_ids", 1L)
			.containsEntry("skipped_ingress_call_logs", 1L);
	}

	@Test
	void webhooksArePublishedOnceAndForgeriesNever() {
		clean("webhooks");
	}

	@Test
	void callStateCrashRestoresFromItsChangelogsWithEveryTransitionOnce() {
		ScenarioResult callState = clean("call-state-crash");
		assertThat(callState.sent()).isEqualTo(240);
		assertThat(callState.withResult()).as("calls whose final state is Vobiz's").isEqualTo(240);
		assertThat(callState.deadLetters()).as("call-state-crash: every command applied").isEmpty();
		assertThat(callState.figures()).containsEntry("calls_with_a_status_twice", 0)
			.containsEntry("calls_with_a_sequence_gap", 0)
			.containsEntry("calls_with_a_wrong_previous_status", 0)
			.containsEntry("final_state_mismatches", 0);
		assertThat((Long) callState.figures().get("webhooks_dropped_calls"))
			.as("a fifth of the calls lost their webhooks")
			.isPositive();
		assertThat((Long) callState.figures().get("restored_records")).as("the new call-state restored its stores")
			.isPositive();
	}

	@Test
	void secretsAppearInNoLogRecordOrMetric() {
		clean("secrets");
	}

}
