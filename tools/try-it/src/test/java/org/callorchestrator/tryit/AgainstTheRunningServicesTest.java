package org.callorchestrator.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start against the services themselves (call worker, webhook ingress, log poller, Vobiz
 * sandbox), on the real broker and registry: every line the README shows, run in-process.
 */
@RealInfrastructure
class AgainstTheRunningServicesTest {

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
	void theDemoPlacesACallShowsItsEventsTerminatesItOnceAnsweredAndShowsItsFinalCallLog(Infrastructure infra) {
		CliRun run = CliRun.onKafka(infra, "demo", "--talk", "1s", "--timeout", "45s");

		assertThat(run.exit()).as(run.out() + run.err()).isZero();
		List<String> lines = run.lines();
		assertThat(lines.get(0)).startsWith("# calling +14155550123: CallInitiateCommand command_id=");
		assertThat(run.out()).containsPattern("call\\.events +status=INITIATED source=WORKER call_id=")
			.contains("status=RINGING source=WEBHOOK")
			.containsPattern("status=ACCEPTED .*source=WEBHOOK .*sdp_answer=<SDP \\d+ lines>")
			.contains("# answered; talking for 1.0 s")
			.contains("# terminating: CallActionCommand action=TERMINATE")
			.containsPattern("status=TERMINATED .*source=WORKER")
			.containsPattern("call\\.logs +status=terminated final=true id=");
		assertThat(lines.get(lines.size() - 1)).startsWith("# done in ").contains(" terminated, duration_seconds=");
		String callId = lines.stream()
			.filter(line -> line.contains("status=INITIATED source=WORKER"))
			.findFirst()
			.orElseThrow()
			.replaceAll(".*call_id=(\\S+).*", "$1");
		assertThat(services.sandboxCall(callId)).contains("\"status\":\"terminated\"");
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
		assertThat(ringing.out()).containsPattern("status=RINGING source=WEBHOOK call_id=" + callId
				+ " meta_call_id=wacid\\.\\S+ direction=INBOUND from=\\+918888800001 to=\\+911140001234 "
				+ "sdp_offer=<SDP \\d+ lines>");

		CliRun accept = CliRun.onKafka(infra, "action", "--call-id", callId, "--action", "accept");
		assertThat(accept.exit()).as(accept.err()).isZero();
		String commandId = accept.out().strip();
		CliRun accepted = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--from-beginning", "--until",
				"ACCEPTED", "--timeout", "30s");
		assertThat(accepted.exit()).as(accepted.err()).isZero();
		assertThat(accepted.out()).contains("status=ACCEPTED source=WORKER call_id=" + callId
				+ " command_id=" + commandId);
		await().atMost(Duration.ofSeconds(10)).until(() -> services.sandboxCall(callId).contains("\"status\":\"accepted\""));
	}

	@Test
	void aPlacedCallIsFollowedFromItsCommandToTheWebhookEventsOfTheCallItCreated(Infrastructure infra) {
		CliRun call = CliRun.onKafka(infra, "call", "--to", "+14155550199");
		assertThat(call.exit()).as(call.err()).isZero();
		String commandId = call.out().strip();

		CliRun watch = CliRun.onKafka(infra, "watch", "--command-id", commandId, "--from-beginning", "--until",
				"ACCEPTED", "--timeout", "30s");

		assertThat(watch.exit()).as(watch.err()).isZero();
		assertThat(watch.out()).containsPattern("status=INITIATED source=WORKER call_id=\\S+ command_id=" + commandId)
			.contains("status=RINGING")
			.containsPattern("status=ACCEPTED .*source=WEBHOOK");
	}

}
