package org.callorchestrator.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code call} and {@code action} against the real broker and registry: what lands on the
 * worker's topics.
 */
@RealInfrastructure
class PlaceCallAndActionIT {

	static TopicRecorder recorder;

	@BeforeAll
	static void record() {
		Infrastructure infra = Infrastructure.get();
		infra.createTopicIfAbsent(Topics.CALL_INITIATE, 3);
		infra.createTopicIfAbsent(Topics.CALL_ACTION, 3);
		recorder = new TopicRecorder(infra, List.of(Topics.CALL_INITIATE, Topics.CALL_ACTION));
	}

	@AfterAll
	static void stop() {
		recorder.close();
	}

	@Test
	void placesACallWhoseCommandTheWorkerTopicReceives(Infrastructure infra) {
		CliRun run = CliRun.onKafka(infra, "call", "--to", "+14155550123", "--attribute", "ticket=T-42");
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.lines()).as("stdout is the command_id alone").hasSize(1);
		String commandId = run.out().strip();
		assertThat(UUID.fromString(commandId)).isNotNull();
		assertThat(run.err()).contains("sent call.initiate-")
			.contains("CallInitiateCommand command_id=" + commandId)
			.contains("to=+14155550123")
			.contains("watch --command-id " + commandId);

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.CALL_INITIATE, commandId);
		CallInitiateCommand command = ContractRecords.decode(infra, record);
		assertThat(command.getCommandId()).isEqualTo(commandId);
		assertThat(command.getTo()).isEqualTo("+14155550123");
		assertThat(command.getChannelId()).isEqualTo(CommandOptions.SANDBOX_CHANNEL);
		assertThat(command.getAttributes()).containsEntry("ticket", "T-42");
		assertThat(command.getRequestedAt()).isNotNull();
		assertThat(command.getSdpOffer()).startsWith("v=0\r\n")
			.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8\r\n")
			.contains("a=setup:actpass\r\n")
			.endsWith("\r\n");
	}

	@Test
	void setsTheDeadlineAProducerGivesAsExpiresAtAndNoneWithoutIt(Infrastructure infra) {
		String bounded = CliRun.onKafka(infra, "call", "--to", "+14155550123", "--expires-in", "45s").out().strip();
		String unbounded = CliRun.onKafka(infra, "call", "--to", "+14155550123").out().strip();
		CallInitiateCommand one = ContractRecords.decode(infra, awaitRecord(Topics.CALL_INITIATE, bounded));
		CallInitiateCommand two = ContractRecords.decode(infra, awaitRecord(Topics.CALL_INITIATE, unbounded));
		assertThat(one.getExpiresAt()).isEqualTo(one.getRequestedAt().plusSeconds(45));
		assertThat(two.getExpiresAt()).as("the worker's default applies").isNull();
	}

	@Test
	void givesEveryPlacedCallItsOwnSdpOfferAsABrowserWould(Infrastructure infra) {
		String first = CliRun.onKafka(infra, "call", "--to", "+14155550123").out().strip();
		String second = CliRun.onKafka(infra, "call", "--to", "+14155550123").out().strip();
		CallInitiateCommand one = ContractRecords.decode(infra, awaitRecord(Topics.CALL_INITIATE, first));
		CallInitiateCommand two = ContractRecords.decode(infra, awaitRecord(Topics.CALL_INITIATE, second));
		assertThat(one.getSdpOffer()).isNotEqualTo(two.getSdpOffer());
	}

	@Test
	void sendsTheSdpOfferOfAFileWithCrlfLineEndingsAndTheGivenCommandIdAndChannel(Infrastructure infra,
			@TempDir Path dir) throws Exception {
		Path offer = Files.writeString(dir.resolve("offer.sdp"), "v=0\no=- 1 2 IN IP4 10.0.0.1\ns=file\nt=0 0\n");
		String commandId = "cmd-" + UUID.randomUUID();
		String channel = UUID.randomUUID().toString();
		CliRun run = CliRun.onKafka(infra, "call", "--to", "+919876543210", "--sdp-offer-file", offer.toString(),
				"--command-id", commandId, "--channel", channel);
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out().strip()).isEqualTo(commandId);
		CallInitiateCommand command = ContractRecords.decode(infra, awaitRecord(Topics.CALL_INITIATE, commandId));
		assertThat(command.getSdpOffer()).isEqualTo("v=0\r\no=- 1 2 IN IP4 10.0.0.1\r\ns=file\r\nt=0 0\r\n");
		assertThat(command.getChannelId()).isEqualTo(channel);
	}

	@Test
	void refusesANumberThatIsNotE164WithExitCodeTwoAndSendsNothing(Infrastructure infra) {
		String commandId = "never-" + UUID.randomUUID();
		CliRun run = CliRun.onKafka(infra, "call", "--to", "4155550123", "--command-id", commandId);
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("Invalid value for option '--to': '4155550123' is not an E.164 number")
			.contains("e.g. +14155550123")
			.contains("Usage: try-it call");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> recorder.records(Topics.CALL_INITIATE).stream().noneMatch(r -> commandId.equals(r.key())));
	}

	@Test
	void refusesAChannelThatIsNotAUuidAndAFileThatIsNotAnSdp(Infrastructure infra, @TempDir Path dir) throws Exception {
		CliRun channel = CliRun.onKafka(infra, "call", "--to", "+14155550123", "--channel", "main-line");
		assertThat(channel.exit()).isEqualTo(2);
		assertThat(channel.err()).contains("'main-line' is not a Vobiz channel id");
		Path notSdp = Files.writeString(dir.resolve("offer.txt"), "hello");
		CliRun file = CliRun.onKafka(infra, "call", "--to", "+14155550123", "--sdp-offer-file", notSdp.toString());
		assertThat(file.exit()).isEqualTo(2);
		assertThat(file.err()).contains("does not hold an SDP (its first line must be v=0)");
	}

	@Test
	void sendsAnAcceptKeyedByTheCallWithASampleSdpAnswer(Infrastructure infra) {
		String callId = UUID.randomUUID().toString();
		CliRun run = CliRun.onKafka(infra, "action", "--call-id", callId, "--action", "accept");
		assertThat(run.exit()).as(run.err()).isZero();
		String commandId = run.out().strip();
		assertThat(run.err()).contains("sent call.action-").contains("action=ACCEPT").contains("sdp=<SDP ");

		ConsumerRecord<String, byte[]> record = awaitRecord(Topics.CALL_ACTION, callId);
		CallActionCommand command = ContractRecords.decode(infra, record);
		assertThat(command.getCommandId()).isEqualTo(commandId);
		assertThat(command.getCallId()).isEqualTo(callId);
		assertThat(command.getAction()).isEqualTo(CallAction.ACCEPT);
		assertThat(command.getChannelId()).isEqualTo(CommandOptions.SANDBOX_CHANNEL);
		assertThat(command.getSdp()).startsWith("v=0\r\n").contains("a=setup:active\r\n");
	}

	@Test
	void sendsEachActionNameAsItsSchemaSymbolCarryingAnSdpOnlyWhenItAnswersTheOffer(Infrastructure infra,
			@TempDir Path dir) throws Exception {
		Path answer = Files.writeString(dir.resolve("answer.sdp"), "v=0\r\ns=mine\r\n");
		String preAccept = UUID.randomUUID().toString();
		String terminate = UUID.randomUUID().toString();
		String reject = UUID.randomUUID().toString();
		assertThat(CliRun
			.onKafka(infra, "action", "--call-id", preAccept, "--action", "PRE_ACCEPT", "--sdp-answer-file",
					answer.toString())
			.exit()).isZero();
		assertThat(CliRun.onKafka(infra, "action", "--call-id", terminate, "--action", "terminate").exit()).isZero();
		assertThat(CliRun.onKafka(infra, "action", "--call-id", reject, "--action", "reject").exit()).isZero();

		CallActionCommand preAccepted = ContractRecords.decode(infra, awaitRecord(Topics.CALL_ACTION, preAccept));
		assertThat(preAccepted.getAction()).isEqualTo(CallAction.PRE_ACCEPT);
		assertThat(preAccepted.getSdp()).isEqualTo("v=0\r\ns=mine\r\n");
		CallActionCommand terminated = ContractRecords.decode(infra, awaitRecord(Topics.CALL_ACTION, terminate));
		assertThat(terminated.getAction()).isEqualTo(CallAction.TERMINATE);
		assertThat(terminated.getSdp()).isNull();
		CallActionCommand rejected = ContractRecords.decode(infra, awaitRecord(Topics.CALL_ACTION, reject));
		assertThat(rejected.getAction()).isEqualTo(CallAction.REJECT);
		assertThat(rejected.getSdp()).isNull();
	}

	@Test
	void refusesAnUnknownActionNamingTheValidOnes(Infrastructure infra) {
		CliRun run = CliRun.onKafka(infra, "action", "--call-id", "c-1", "--action", "hold");
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("Invalid value for option '--action'")
			.contains("accept, pre_accept, reject, terminate")
			.contains("'hold'");
	}

	@Test
	void refusesAnSdpAnswerForAnActionThatCarriesNone(Infrastructure infra, @TempDir Path dir) throws Exception {
		Path answer = Files.writeString(dir.resolve("answer.sdp"), "v=0\r\n");
		CliRun run = CliRun.onKafka(infra, "action", "--call-id", "c-1", "--action", "terminate", "--sdp-answer-file",
				answer.toString());
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("is only for accept and pre_accept (terminate carries no SDP)");
	}

	@Test
	void reportsAnUnreachableRegistryInOneLineWithExitCodeOne(Infrastructure infra) {
		CliRun run = CliRun.run("call", "--to", "+14155550123", "--bootstrap-servers", infra.bootstrapServers(),
				"--schema-registry-url", "http://127.0.0.1:1/apis/ccompat/v7");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).startsWith("try-it call: the schema registry did not answer")
			.contains("bin/local-stack")
			.doesNotContain("\tat ");
	}

	@Test
	void reportsAnAbsentBrokerWithinItsTimeoutWithExitCodeOne() {
		long started = System.nanoTime();
		CliRun run = CliRun.run("call", "--to", "+14155550123", "--bootstrap-servers", "127.0.0.1:1");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).startsWith("try-it call: Kafka at 127.0.0.1:1 did not acknowledge the command")
			.contains("bin/local-stack")
			.doesNotContain("\tat ");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
	}

	@Test
	void withoutACommandPrintsTheUsageAndExitsWithTwo() {
		CliRun run = CliRun.run();
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("call")
			.contains("watch")
			.contains("action")
			.contains("inbound")
			.contains("demo");
	}

	static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> recorder.records(topic).stream().filter(r -> key.equals(r.key())).findFirst(),
					Optional::isPresent)
			.get();
	}

}
