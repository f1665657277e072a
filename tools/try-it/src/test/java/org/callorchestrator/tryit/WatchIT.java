package org.callorchestrator.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.LoggedEvents;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} against the real broker and registry, reading contract records written as
 * the services write them: results as the worker writes them, transitions as call-state
 * writes them, call logs as the poller writes them. The topics are shared, so every test
 * watches its own ids.
 */
@RealInfrastructure
class WatchIT {

	@BeforeAll
	static void topics() {
		Infrastructure.get().createTopicIfAbsent(Topics.CALL_COMMAND_RESULTS, 3);
		Infrastructure.get().createTopicIfAbsent(Topics.CALL_EVENTS, 3);
		Infrastructure.get().createTopicIfAbsent(Topics.CALL_LOGS, 3);
	}

	@Test
	void showsOneLineInSchemaFieldNamesPerTransitionAndLogOfTheWatchedCallOnly(Infrastructure infra) {
		String watched = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		ContractRecords.write(infra,
				ContractRecords.transition(watched, null, CallStatus.INITIATED, 1, EventSource.WORKER).build(),
				ContractRecords.transition(watched, CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK)
					.build(),
				ContractRecords.transition(other, CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK)
					.build(),
				ContractRecords.log(watched, "ringing", false), ContractRecords.log(other, "ringing", false),
				ContractRecords.transition(watched, CallStatus.ACCEPTED, CallStatus.TERMINATED, 4, EventSource.WEBHOOK)
					.setDurationSeconds(12)
					.setHangupCause("normal_clearing")
					.build(),
				ContractRecords.log(watched, "terminated", true));

		CliRun run = CliRun.onKafka(infra, "watch", "--call-id", watched, "--logs", "--from-beginning", "--timeout",
				"3s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).doesNotContain(other);
		assertThat(run.lines()).hasSize(5);
		assertThat(withoutTime(run)).filteredOn(line -> line.startsWith("call.events "))
			.containsExactly(
					line("call.events",
							"→ INITIATED #1 source=WORKER call_id=" + watched + " direction=OUTBOUND to=+14155550123"),
					line("call.events",
							"INITIATED → RINGING #2 source=WEBHOOK call_id=" + watched
									+ " direction=OUTBOUND to=+14155550123"),
					line("call.events", "ACCEPTED → TERMINATED #4 source=WEBHOOK call_id=" + watched
							+ " direction=OUTBOUND to=+14155550123 hangup_cause=normal_clearing duration_seconds=12"));
		assertThat(withoutTime(run)).filteredOn(line -> line.startsWith("call.logs "))
			.containsExactly(
					line("call.logs",
							"status=ringing final=false id=" + watched
									+ " direction=outbound from_number=+911140001234 to_number=+14155550123"),
					line("call.logs", "status=terminated final=true id=" + watched
							+ " direction=outbound from_number=+911140001234 to_number=+14155550123"));
		assertThat(run.err()).contains("watching call.events and call.logs from the beginning for call_id=" + watched)
			.contains("5 records shown");
	}

	@Test
	void followsACommandFromItsResultToTheTransitionsAndLogsOfTheCallItCreated(Infrastructure infra) {
		String commandId = UUID.randomUUID().toString();
		String callId = UUID.randomUUID().toString();
		String otherCall = UUID.randomUUID().toString();
		ContractRecords.write(infra,
				ContractRecords.result(commandId, callId, CommandType.INITIATE, CallStatus.INITIATED)
					.setAttributes(Map.of("ticket", "T-7"))
					.build(),
				ContractRecords
					.result(UUID.randomUUID().toString(), otherCall, CommandType.INITIATE, CallStatus.INITIATED)
					.build(),
				ContractRecords.transition(callId, null, CallStatus.INITIATED, 1, EventSource.WORKER)
					.setCommandId(commandId)
					.setAttributes(Map.of("ticket", "T-7"))
					.build(),
				ContractRecords.transition(otherCall, null, CallStatus.INITIATED, 1, EventSource.WORKER).build(),
				ContractRecords.transition(callId, CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK)
					.setMetaCallId("wacid.follow-" + callId)
					.build(),
				ContractRecords.transition(callId, CallStatus.RINGING, CallStatus.ACCEPTED, 3, EventSource.WEBHOOK)
					.setMetaCallId("wacid.follow-" + callId)
					.setSdpAnswer("v=0\r\ns=callee\r\nt=0 0\r\n")
					.build(),
				ContractRecords.log(callId, "accepted", false));

		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--logs", "--from-beginning",
				"--timeout", "3s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).doesNotContain(otherCall);
		assertThat(run.lines()).hasSize(5);
		assertThat(withoutTime(run).get(0)).as("the command's one result, first")
			.isEqualTo(line("call.command-results",
					"succeeded=true status=INITIATED call_id=" + callId + " command_id=" + commandId
							+ " command_type=INITIATE direction=OUTBOUND to=+14155550123 "
							+ "attributes={ticket=T-7}"));
		assertThat(transitions(run)).as("then the call's transitions, in order")
			.containsExactly(
					"→ INITIATED #1 source=WORKER call_id=" + callId + " command_id=" + commandId
							+ " direction=OUTBOUND to=+14155550123 attributes={ticket=T-7}",
					"INITIATED → RINGING #2 source=WEBHOOK call_id=" + callId + " meta_call_id=wacid.follow-" + callId
							+ " direction=OUTBOUND to=+14155550123",
					"RINGING → ACCEPTED #3 source=WEBHOOK call_id=" + callId + " meta_call_id=wacid.follow-" + callId
							+ " direction=OUTBOUND to=+14155550123 sdp_answer=<SDP 3 lines>");
		assertThat(run.out()).contains("call.logs   status=accepted final=false id=" + callId);
		assertThat(run.err()).contains("watching call.command-results, call.events and call.logs from the beginning "
				+ "for command_id=" + commandId + " and its call");
	}

	@Test
	void showsTheCallsTransitionsReadBeforeTheCommandsResultRightAfterTheResult(Infrastructure infra)
			throws InterruptedException {
		String commandId = UUID.randomUUID().toString();
		String callId = UUID.randomUUID().toString();
		CliRun.Background watch = CliRun.startOnKafka(infra, "watch", "--command-id", commandId, "--logs", "--until",
				"ACCEPTED", "--timeout", "60s");
		await().atMost(Duration.ofSeconds(20)).until(() -> watch.err().toString().contains("watching"));
		ContractRecords.write(infra, ContractRecords.log(callId, "ringing", false),
				ContractRecords.transition(callId, null, CallStatus.RINGING, 1, EventSource.WEBHOOK).build(),
				ContractRecords.transition(callId, CallStatus.RINGING, CallStatus.PRE_ACCEPTED, 2, EventSource.WORKER)
					.setCommandId(commandId)
					.build());
		// read by the watch, and held back: nothing has named the call yet
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> watch.out().toString().isEmpty());
		ContractRecords.write(infra,
				ContractRecords.result(commandId, callId, CommandType.ACTION, CallStatus.PRE_ACCEPTED)
					.setAction(CallAction.PRE_ACCEPT)
					.build(),
				ContractRecords.transition(callId, CallStatus.PRE_ACCEPTED, CallStatus.ACCEPTED, 3, EventSource.WEBHOOK)
					.build());
		CliRun run = watch.join();

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).hasSize(5);
		assertThat(run.lines().get(0)).as("the result that names the call")
			.contains("call.command-results succeeded=true status=PRE_ACCEPTED call_id=" + callId + " command_id="
					+ commandId + " command_type=ACTION action=PRE_ACCEPT");
		assertThat(run.out()).contains("status=ringing final=false id=" + callId);
		assertThat(transitions(run)).as("held back, then shown right after the result, in order")
			.extracting(line -> line.replaceAll(" source=.*", ""))
			.containsExactly("→ RINGING #1", "RINGING → PRE_ACCEPTED #2", "PRE_ACCEPTED → ACCEPTED #3");
		assertThat(run.err()).contains("--until [ACCEPTED] reached");
	}

	@Test
	void showsACommandsFailureWithItsErrorFieldsAndStopsWhenNoCallWasCreated(Infrastructure infra) {
		String commandId = UUID.randomUUID().toString();
		CommandResult failed = ContractRecords.result(commandId, null, CommandType.INITIATE, null)
			.setError(CallError.newBuilder()
				.setCategory(ErrorCategory.VALIDATION)
				.setCode("VALIDATION_ERROR")
				.setHttpStatus(422)
				.setMessage("to: must be an E.164 number")
				.setRetryable(false)
				.build())
			.build();
		ContractRecords.write(infra, failed);

		long started = System.nanoTime();
		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--from-beginning", "--timeout", "30s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).singleElement()
			.asString()
			.contains("call.command-results succeeded=false command_id=" + commandId + " command_type=INITIATE "
					+ "error={category=VALIDATION code=VALIDATION_ERROR http_status=422 "
					+ "message=\"to: must be an E.164 number\" retryable=false}");
		assertThat(run.err()).contains("the command failed before a call existed: no call to follow");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not waiting for the timeout")
			.isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void fromTheEndShowsOnlyRecordsWrittenAfterItStartedAndStopsAtTheAwaitedStatus(Infrastructure infra) {
		String callId = UUID.randomUUID().toString();
		ContractRecords.write(infra,
				ContractRecords.transition(callId, null, CallStatus.INITIATED, 1, EventSource.WORKER).build());

		CliRun.Background watch = CliRun.startOnKafka(infra, "watch", "--call-id", callId, "--until",
				"terminated,FAILED", "--timeout", "60s");
		await().atMost(Duration.ofSeconds(20)).until(() -> watch.err().toString().contains("watching"));
		ContractRecords.write(infra,
				ContractRecords.transition(callId, CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK)
					.build(),
				ContractRecords.transition(callId, CallStatus.RINGING, CallStatus.TERMINATED, 3, EventSource.WEBHOOK)
					.build(),
				ContractRecords.transition(callId, CallStatus.TERMINATED, CallStatus.MISSED, 4, EventSource.WEBHOOK)
					.build());
		CliRun run = watch.join();

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).hasSize(2);
		assertThat(run.lines().get(0)).contains("INITIATED → RINGING #2");
		assertThat(run.lines().get(1)).contains("RINGING → TERMINATED #3");
		assertThat(run.err()).contains("watching call.events from the end")
			.contains("--until [TERMINATED, FAILED] reached");
	}

	@Test
	void exitsWithOneAtTheTimeoutWhenNothingMatched(Infrastructure infra) {
		long started = System.nanoTime();
		CliRun run = CliRun.onKafka(infra, "watch", "--call-id", "no-such-call", "--timeout", "1500ms");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("0 records shown").contains("(timeout)");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1400),
				Duration.ofSeconds(15));
	}

	@Test
	void printsNoLibraryLogLineWhileWatchingAndKeepsItsExitCode(Infrastructure infra) {
		try (LoggedEvents logged = LoggedEvents.capture()) {
			CliRun run = CliRun.onKafka(infra, "watch", "--call-id", "no-such-call", "--timeout", "1s");

			assertThat(run.exit()).as("nothing matched: 1, as documented").isEqualTo(1);
			assertThat(run.err()).contains("0 records shown");
			assertThat(logged.events()).as("no log line of the Kafka clients reached the console").isEmpty();
		}
	}

	@Test
	void saysWhenACommandsResultDidNotArriveWhileWatchingFromTheEnd(Infrastructure infra) {
		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", "no-such-command", "--timeout", "1500ms");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("0 records shown")
			.contains("no result of command_id no-such-command arrived; if it was sent before this watch started, "
					+ "add --from-beginning");
	}

	@Test
	void refusesATimeoutThatIsNotADurationAndAnUnknownStatus(Infrastructure infra) {
		CliRun timeout = CliRun.onKafka(infra, "watch", "--timeout", "soon");
		assertThat(timeout.exit()).isEqualTo(2);
		assertThat(timeout.err()).contains("'soon' is not a duration (e.g. 500ms, 30s, 2m, 1h)");
		CliRun status = CliRun.onKafka(infra, "watch", "--until", "HUNG_UP");
		assertThat(status.exit()).isEqualTo(2);
		assertThat(status.err()).contains("Invalid value for option '--until'").contains("TERMINATED");
	}

	/** A record's line after its time, which takes 24 characters and a space. */
	static String line(String topic, String fields) {
		return String.format("%-11s ", topic) + fields;
	}

	static List<String> withoutTime(CliRun run) {
		return run.lines().stream().map(line -> line.substring(25)).toList();
	}

	/** The call.events lines, after their time and topic. */
	static List<String> transitions(CliRun run) {
		return withoutTime(run).stream()
			.filter(line -> line.startsWith("call.events "))
			.map(line -> line.substring("call.events ".length()))
			.toList();
	}

}
