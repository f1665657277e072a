package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code call}: a {@code CallInitiateCommand} on {@code call.initiate}, keyed by its
 * {@code command_id}, which is the only thing printed on stdout (so that
 * {@code ID=$(try-it call …)} works); what was sent goes to stderr. The worker's result
 * for that command_id, on {@code call.command-results}, names the call it created.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
		description = "Place an outbound call: send a CallInitiateCommand to call.initiate and "
				+ "print its command_id.")
final class PlaceCall implements Callable<Integer> {

	@Mixin
	KafkaOptions kafka;

	@Mixin
	CommandOptions command;

	@Option(names = "--to", required = true, paramLabel = "E164", description = "Number to call, e.g. +14155550123")
	String to;

	@Option(names = "--sdp-offer-file", paramLabel = "FILE",
			description = "The business side's WebRTC SDP offer (default: a generated sample offer)")
	Path sdpOfferFile;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		CallInitiateCommand initiate = build(this.spec, this.command, this.to, this.sdpOfferFile);
		RecordMetadata sent = CommandSender.send(this.kafka, Topics.CALL_INITIATE, initiate.getCommandId(), initiate);
		PrintWriter err = this.spec.commandLine().getErr();
		err.println("sent " + position(sent) + " " + RecordLine.of(initiate));
		err.println("follow it: bin/try-it watch --command-id " + initiate.getCommandId() + " --logs --from-beginning");
		this.spec.commandLine().getOut().println(initiate.getCommandId());
		return 0;
	}

	/** The command for these options, checked as the worker would check it. */
	static CallInitiateCommand build(CommandSpec spec, CommandOptions command, String to, Path sdpOfferFile) {
		Instant requestedAt = Instant.now();
		return CallInitiateCommand.newBuilder()
			.setCommandId(command.commandId(spec))
			.setChannelId(command.channelId(spec))
			.setTo(OptionChecks.e164(spec, "--to", to))
			.setSdpOffer((sdpOfferFile != null) ? OptionChecks.sdpFile(spec, "--sdp-offer-file", sdpOfferFile)
					: SampleSdp.offer())
			.setRequestedAt(requestedAt)
			.setExpiresAt(command.expiresAt(requestedAt))
			.setAttributes(command.attributes())
			.build();
	}

	static String position(RecordMetadata sent) {
		return sent.topic() + "-" + sent.partition() + "@" + sent.offset();
	}

}
