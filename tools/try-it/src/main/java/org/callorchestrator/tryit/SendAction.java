package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code action}: a {@code CallActionCommand} on {@code call.action}, keyed by
 * {@code call_id} (so that one call's actions are applied in order). ACCEPT and
 * PRE_ACCEPT carry an SDP answer: the file's, or a sample one. Prints the
 * {@code command_id} on stdout; the worker's result for it is on
 * {@code call.command-results}.
 */
@Command(name = "action", mixinStandardHelpOptions = true,
		description = "Act on a call: send a CallActionCommand to call.action (keyed by call_id) "
				+ "and print its command_id.")
final class SendAction implements Callable<Integer> {

	/** The actions as typed on the command line. */
	enum Action {

		accept(CallAction.ACCEPT), pre_accept(CallAction.PRE_ACCEPT), reject(CallAction.REJECT),
		terminate(CallAction.TERMINATE);

		final CallAction avro;

		Action(CallAction avro) {
			this.avro = avro;
		}

		/**
		 * PRE_ACCEPT and ACCEPT answer an inbound call's offer; the others carry no SDP.
		 */
		boolean answersTheOffer() {
			return this == accept || this == pre_accept;
		}

	}

	@Mixin
	KafkaOptions kafka;

	@Mixin
	CommandOptions command;

	@Option(names = "--call-id", required = true, paramLabel = "ID",
			description = "The call's call_id (from its initiate's result on call.command-results, its transitions on "
					+ "call.events, or printed by 'inbound')")
	String callId;

	@Option(names = "--action", required = true, paramLabel = "ACTION",
			description = "One of: ${COMPLETION-CANDIDATES}")
	Action action;

	@Option(names = "--sdp-answer-file", paramLabel = "FILE",
			description = "WebRTC SDP answer for accept and pre_accept (default: a generated sample answer)")
	Path sdpAnswerFile;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		CallActionCommand actionCommand = build(this.spec, this.command, this.callId, this.action, this.sdpAnswerFile);
		RecordMetadata sent = CommandSender.send(this.kafka, Topics.CALL_ACTION, actionCommand.getCallId(),
				actionCommand);
		PrintWriter err = this.spec.commandLine().getErr();
		err.println("sent " + PlaceCall.position(sent) + " " + RecordLine.of(actionCommand));
		err.println("follow it: bin/try-it watch --call-id " + actionCommand.getCallId() + " --logs");
		this.spec.commandLine().getOut().println(actionCommand.getCommandId());
		return 0;
	}

	static CallActionCommand build(CommandSpec spec, CommandOptions command, String callId, Action action,
			Path sdpAnswerFile) {
		if (sdpAnswerFile != null && !action.answersTheOffer()) {
			throw OptionChecks.invalid(spec, "--sdp-answer-file", sdpAnswerFile.toString(),
					"is only for accept and pre_accept (" + action + " carries no SDP)");
		}
		String sdp = null;
		if (action.answersTheOffer()) {
			sdp = (sdpAnswerFile != null) ? OptionChecks.sdpFile(spec, "--sdp-answer-file", sdpAnswerFile)
					: SampleSdp.answer();
		}
		Instant requestedAt = Instant.now();
		return CallActionCommand.newBuilder()
			.setCommandId(command.commandId(spec))
			.setChannelId(command.channelId(spec))
			.setCallId(OptionChecks.notBlank(spec, "--call-id", callId))
			.setAction(action.avro)
			.setSdp(sdp)
			.setRequestedAt(requestedAt)
			.setExpiresAt(command.expiresAt(requestedAt))
			.setAttributes(command.attributes())
			.build();
	}

}
