package org.callorchestrator.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.TestSocketUtils;

/**
 * The README's quick start against the services themselves (call worker, webhook ingress,
 * log poller, call-state, Vobiz sandbox), on the real broker and registry: every line the
 * README shows, run in-process. The demo's and one watch's output go to this class's test
 * output (target/surefire-reports), as examples for the README.
 */
@RealInfrastructure
class AgainstTheRunningServicesIT {

	/**
	 * {@code PREVIOUS → STATUS #N} at the start of a call.events line, after its time and
	 * topic.
	 */
	private static final Pattern TRANSITION = Pattern
		.compile("^\\S+ call\\.events +(?:(\\w+) )?→ (\\w+) #(\\d+) source=(\\w+) call_id=(\\S+)");

	static RunningServices services;

	@BeforeAll
	static void start() {
		services = new RunningServices(Infrastructure.get());
	}

	@AfterAll
	static void stop() {
		services.close();
	}

	@Test
	void theDemoPlacesACallShowsItsTransitionsTerminatesItOnceAnsweredAndEndsWithItsSnapshot(Infrastructure infra)
			throws Exception {
		CliRun run = CliRun.onKafka(infra, "demo", "--talk", "1s", "--timeout", "45s", "--state-url",
				services.stateUrl());
		System.out.println("try-it demo:\n" + run.out());

		assertThat(run.exit()).as(run.out() + run.err()).isZero();
		List<String> lines = run.lines();
		assertThat(lines.get(0)).startsWith("# calling +14155550123: CallInitiateCommand command_id=");
		String commandId = lines.get(0).replaceAll(".*command_id=(\\S+).*", "$1");
		assertThat(run.out())
			.containsPattern("call\\.command-results succeeded=true status=INITIATED call_id=\\S+ command_id="
					+ commandId + " command_type=INITIATE")
			.contains("# answered; talking for 1.0 s")
			.contains("# terminating: CallActionCommand action=TERMINATE")
			.containsPattern("call\\.command-results succeeded=true status=TERMINATED call_id=\\S+ command_id=\\S+ "
					+ "command_type=ACTION action=TERMINATE")
			.containsPattern("call\\.logs +status=terminated final=true id=");
		String callId = run.out()
			.replaceAll("(?s).*status=INITIATED call_id=(\\S+) command_id=" + commandId + ".*", "$1");
		assertThat(transitionsOf(lines, callId)).as("each status once, in order, gapless")
			.containsExactly("null→INITIATED#1", "INITIATED→RINGING#2", "RINGING→ACCEPTED#3", "ACCEPTED→TERMINATED#4");
		assertThat(run.out()).containsPattern("RINGING → ACCEPTED #3 source=WEBHOOK .*sdp_answer=<SDP \\d+ lines>");
		assertThat(indexOf(lines, "succeeded=true status=INITIATED")).as("the result before the call's transitions")
			.isLessThan(indexOf(lines, "→ INITIATED #1"));

		int snapshotNote = indexOf(lines, "# call-state's snapshot of the call: GET ");
		assertThat(lines.get(snapshotNote)).endsWith(services.stateUrl() + "/calls/" + callId);
		assertThat(lines.get(snapshotNote - 1)).startsWith("# done in ")
			.contains(" s: call " + callId + " INITIATED → RINGING → ACCEPTED → TERMINATED; its final call-log record")
			.contains("terminated, duration_seconds=");
		JsonNode snapshot = new ObjectMapper()
			.readTree(String.join("\n", lines.subList(snapshotNote + 1, lines.size())));
		assertThat(snapshot.path("call_id").asText()).isEqualTo(callId);
		assertThat(snapshot.path("status").asText()).as("the demo ends with the snapshot").isEqualTo("TERMINATED");
		assertThat(snapshot.path("sequence").asInt()).isEqualTo(4);
		assertThat(snapshot.path("path").toString())
			.isEqualTo("[\"INITIATED\",\"RINGING\",\"ACCEPTED\",\"TERMINATED\"]");
		assertThat(lines.get(lines.size() - 1)).isEqualTo("}");
		assertThat(services.sandboxCall(callId)).contains("\"status\":\"terminated\"");
	}

	@Test
	void theDemoSaysWhichUrlDidNotAnswerWhenCallStateIsDown(Infrastructure infra) {
		String nowhere = "http://127.0.0.1:" + TestSocketUtils.findAvailableTcpPort();
		CliRun run = CliRun.onKafka(infra, "demo", "--talk", "0s", "--timeout", "45s", "--state-url", nowhere);

		assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
		assertThat(run.out()).containsPattern("call\\.logs +status=terminated final=true id=");
		assertThat(run.err()).startsWith("try-it demo: call-state did not answer at " + nowhere + "/calls/")
			.contains("--state-url or CALL_STATE_URL")
			.doesNotContain("\tat ");
	}

	@Test
	void anInjectedInboundCallRingsOnCallEventsWithTheCallersOfferAndIsAnsweredByAnAction(Infrastructure infra) {
		CliRun inbound = CliRun.run("inbound", "--from", "+918888800001", "--sandbox-url",
				"http://127.0.0.1:" + services.sandbox.port());
		assertThat(inbound.exit()).as(inbound.err()).isZero();
		String callId = inbound.out().strip();
		assertThat(inbound.err()).contains("ringing: call_id=" + callId + " meta_call_id=wacid.")
			.contains("bin/try-it action --call-id " + callId + " --action accept");

		CliRun ringing = CliRun.onKafka(infra, "watch", "--call-id", callId, "--from-beginning", "--until", "RINGING",
				"--timeout", "30s");
		assertThat(ringing.exit()).as(ringing.err()).isZero();
		assertThat(ringing.out()).containsPattern("call\\.events +→ RINGING #1 source=WEBHOOK call_id=" + callId
				+ " meta_call_id=wacid\\.\\S+ direction=INBOUND from=\\+918888800001 to=\\+911140001234 "
				+ "sdp_offer=<SDP \\d+ lines>");

		CliRun accept = CliRun.onKafka(infra, "action", "--call-id", callId, "--action", "accept");
		assertThat(accept.exit()).as(accept.err()).isZero();
		String commandId = accept.out().strip();
		CliRun accepted = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--from-beginning", "--until",
				"ACCEPTED", "--timeout", "30s");
		assertThat(accepted.exit()).as(accepted.err()).isZero();
		assertThat(accepted.lines().get(0)).contains("call.command-results succeeded=true status=ACCEPTED call_id="
				+ callId + " command_id=" + commandId + " command_type=ACTION action=ACCEPT");
		assertThat(transitionsOf(accepted.lines(), callId)).containsExactly("null→RINGING#1", "RINGING→ACCEPTED#2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> services.sandboxCall(callId).contains("\"status\":\"accepted\""));
	}

	@Test
	void watchingAPlacedCallsCommandShowsItsResultThenTheCallsTransitionsWithGaplessSequences(Infrastructure infra) {
		CliRun call = CliRun.onKafka(infra, "call", "--to", "+14155550199");
		assertThat(call.exit()).as(call.err()).isZero();
		String commandId = call.out().strip();

		CliRun watch = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--logs", "--from-beginning",
				"--until", "ACCEPTED", "--timeout", "30s");
		System.out.println("try-it watch --command-id " + commandId + " --logs --from-beginning --until ACCEPTED:\n"
				+ watch.out());

		assertThat(watch.exit()).as(watch.err()).isZero();
		assertThat(watch.lines().get(0)).as("the command's one result, first")
			.containsPattern("call\\.command-results succeeded=true status=INITIATED call_id=\\S+ command_id="
					+ commandId + " command_type=INITIATE direction=OUTBOUND .*to=\\+14155550199");
		assertThat(watch.lines()).filteredOn(line -> line.contains("call.command-results")).hasSize(1);
		String callId = watch.lines().get(0).replaceAll(".*call_id=(\\S+).*", "$1");
		assertThat(transitionsOf(watch.lines(), callId)).as("then the call's transitions, each once, gapless")
			.containsExactly("null→INITIATED#1", "INITIATED→RINGING#2", "RINGING→ACCEPTED#3");
		assertThat(watch.out()).containsPattern("RINGING → ACCEPTED #3 source=WEBHOOK call_id=" + callId);
		assertThat(watch.err()).contains("--until [ACCEPTED] reached");
	}

	/**
	 * The call.events lines of {@code callId} as {@code previous→status#sequence},
	 * checking on the way that every call.events line shown is that call's.
	 */
	static List<String> transitionsOf(List<String> lines, String callId) {
		return lines.stream().filter(line -> line.contains(" call.events ")).map(line -> {
			Matcher matcher = TRANSITION.matcher(line);
			assertThat(matcher.find()).as(line).isTrue();
			assertThat(matcher.group(5)).as(line).isEqualTo(callId);
			return matcher.group(1) + "→" + matcher.group(2) + "#" + matcher.group(3);
		}).toList();
	}

	static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

}
