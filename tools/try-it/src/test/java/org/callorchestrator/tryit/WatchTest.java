package org.callorchestrator.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} against the real broker and registry, reading contract records written as the services write them.
 * The topics are shared, so every test watches its own call ids.
 */
@RealInfrastructure
class WatchTest {

	@BeforeAll
	static void topics() {
		Infrastructure.get().createTopicIfAbsent(Topics.CALL_EVENTS, 3);
		Infrastructure.get().createTopicIfAbsent(Topics.CALL_LOGS, 3);
	}

	@Test
	void showsOneLineInSchemaFieldNamesPerEventAndLogOfTheWatchedCallOnly(Infrastructure infra) {
		String watched = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		ContractRecords.write(infra, ContractRecords.event(watched, CallStatus.RINGING, EventSource.WEBHOOK).build(),
				ContractRecords.event(other, CallStatus.RINGING, EventSource.WEBHOOK).build(),
				ContractRecords.log(watched, "ringing", false), ContractRecords.log(other, "ringing", false),
				ContractRecords.event(watched, CallStatus.TERMINATED, EventSource.WEBHOOK)
					.setPreviousStatus(CallStatus.ACCEPTED)
					.setDurationSeconds(12)
					.setHangupCause("normal_clearing")
					.build(),
				ContractRecords.log(watched, "terminated", true));

		CliRun run = CliRun.onKafka(infra, "watch", "--call-id", watched, "--logs", "--from-beginning", "--timeout",
				"3s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).doesNotContain(other);
		assertThat(run.lines()).hasSize(4);
		assertThat(withoutTime(run)).filteredOn(line -> line.startsWith("call.events "))
			.containsExactly(
					line("call.events", "status=RINGING source=WEBHOOK call_id=" + watched
							+ " direction=OUTBOUND to=+14155550123"),
					line("call.events", "status=TERMINATED previous_status=ACCEPTED source=WEBHOOK call_id=" + watched
							+ " direction=OUTBOUND to=+14155550123 hangup_cause=normal_clearing duration_seconds=12"));
		assertThat(withoutTime(run)).filteredOn(line -> line.startsWith("call.logs "))
			.containsExactly(
					line("call.logs", "status=ringing final=false id=" + watched
							+ " direction=outbound from_number=+911140001234 to_number=+14155550123"),
					line("call.logs", "status=terminated final=true id=" + watched
							+ " direction=outbound from_number=+911140001234 to_number=+14155550123"));
		assertThat(run.err()).contains("watching call.events and call.logs from the beginning for call_id=" + watched)
			.contains("4 records shown");
	}

	@Test
	void followsACommandToTheCallItCreatedAndThatCallsWebhookEventsAndLogs(Infrastructure infra) {
		String commandId = UUID.randomUUID().toString();
		String callId = UUID.randomUUID().toString();
		ContractRecords.write(infra,
				ContractRecords.event(callId, CallStatus.INITIATED, EventSource.WORKER)
					.setCommandId(commandId)
					.setMetaCallId(null)
					.setAttributes(java.util.Map.of("ticket", "T-7"))
					.build(),
				ContractRecords.event(callId, CallStatus.RINGING, EventSource.WEBHOOK)
					.setMetaCallId("wacid.follow-" + callId)
					.build(),
				ContractRecords.event(null, CallStatus.ACCEPTED, EventSource.WEBHOOK)
					.setMetaCallId("wacid.follow-" + callId)
					.setSdpAnswer("v=0\r\ns=callee\r\nt=0 0\r\n")
					.build(),
				ContractRecords.log(callId, "accepted", false));

		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--logs", "--from-beginning",
				"--timeout", "3s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).hasSize(4);
		assertThat(run.lines().get(0)).contains("status=INITIATED source=WORKER call_id=" + callId + " command_id="
				+ commandId).endsWith("attributes={ticket=T-7}");
		assertThat(run.out()).contains("status=RINGING source=WEBHOOK call_id=" + callId)
			.contains("status=ACCEPTED source=WEBHOOK meta_call_id=wacid.follow-" + callId)
			.contains("sdp_answer=<SDP 3 lines>")
			.contains("status=accepted final=false id=" + callId);
	}

	@Test
	void showsTheCallsEventsReadBeforeTheCommandsEventNamedTheCallRightAfterThatEvent(Infrastructure infra) {
		String commandId = UUID.randomUUID().toString();
		String callId = UUID.randomUUID().toString();
		ContractRecords.write(infra, ContractRecords.log(callId, "ringing", false),
				ContractRecords.event(callId, CallStatus.RINGING, EventSource.WEBHOOK).build(),
				ContractRecords.event(callId, CallStatus.INITIATED, EventSource.WORKER).setCommandId(commandId).build(),
				ContractRecords.event(callId, CallStatus.ACCEPTED, EventSource.WEBHOOK).build());

		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--logs", "--from-beginning",
				"--timeout", "3s");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).hasSize(4);
		assertThat(run.lines().get(0)).as("the event that names the call").contains("status=INITIATED source=WORKER");
		assertThat(run.out()).contains("status=ringing final=false id=" + callId);
		assertThat(indexOf(run, "status=RINGING")).as("held back, then shown with the event that named the call")
			.isBetween(1, 2)
			.isLessThan(indexOf(run, "status=ACCEPTED"));
		assertThat(run.err()).contains("for command_id=" + commandId + " and its call");
	}

	@Test
	void showsACommandsFailureWithItsErrorFields(Infrastructure infra) {
		String commandId = UUID.randomUUID().toString();
		CallEvent failed = ContractRecords.event(null, CallStatus.FAILED, EventSource.WORKER)
			.setCommandId(commandId)
			.setError(CallError.newBuilder()
				.setCategory(ErrorCategory.VALIDATION)
				.setCode("VALIDATION_ERROR")
				.setHttpStatus(422)
				.setMessage("to: must be an E.164 number")
				.setRetryable(false)
				.build())
			.build();
		ContractRecords.write(infra, failed);

		CliRun run = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--from-beginning", "--until",
				"failed");

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).contains("status=FAILED source=WORKER command_id=" + commandId)
			.contains("error={category=VALIDATION code=VALIDATION_ERROR http_status=422 "
					+ "message=\"to: must be an E.164 number\" retryable=false}");
	}

	@Test
	void fromTheEndShowsOnlyRecordsWrittenAfterItStartedAndStopsAtTheAwaitedStatus(Infrastructure infra) {
		String callId = UUID.randomUUID().toString();
		ContractRecords.write(infra, ContractRecords.event(callId, CallStatus.INITIATED, EventSource.WORKER).build());

		CliRun.Background watch = CliRun.startOnKafka(infra, "watch", "--call-id", callId, "--until",
				"TERMINATED,FAILED", "--timeout", "60s");
		await().atMost(Duration.ofSeconds(20)).until(() -> watch.err().toString().contains("watching"));
		ContractRecords.write(infra, ContractRecords.event(callId, CallStatus.RINGING, EventSource.WEBHOOK).build(),
				ContractRecords.event(callId, CallStatus.TERMINATED, EventSource.WEBHOOK).build(),
				ContractRecords.event(callId, CallStatus.MISSED, EventSource.WEBHOOK).build());
		CliRun run = watch.join();

		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).hasSize(2);
		assertThat(run.lines().get(0)).contains("status=RINGING");
		assertThat(run.lines().get(1)).contains("status=TERMINATED");
		assertThat(run.err()).contains("--until [TERMINATED, FAILED] reached");
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
		return String.format("%-12s", topic) + fields;
	}

	static int indexOf(CliRun run, String text) {
		return run.lines().stream().filter(line -> line.contains(text)).findFirst().map(run.lines()::indexOf).orElse(-1);
	}

	static java.util.List<String> withoutTime(CliRun run) {
		return run.lines().stream().map(line -> line.substring(25)).toList();
	}

}
