package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inbound}: a WhatsApp user calls the business. The sandbox creates the call and
 * delivers the signed {@code call.connect} webhook to the subscribed webhook ingress,
 * which publishes it as an observation; call-state turns it into the call's first
 * transition on {@code call.events}, {@code → RINGING #1} with the caller's SDP offer.
 * Prints the {@code call_id} on stdout.
 */
@Command(name = "inbound", mixinStandardHelpOptions = true,
		description = "Have the Vobiz sandbox start an inbound call (a user calls the business); "
				+ "print its call_id. The sandbox's signed webhook becomes the call's first transition, → RINGING #1.")
final class InjectInboundCall implements Callable<Integer> {

	@Mixin
	SandboxAdmin sandbox;

	@Option(names = "--from", paramLabel = "E164", defaultValue = "+918888888888",
			description = "The caller's number (default: ${DEFAULT-VALUE})")
	String from;

	@Option(names = "--channel", paramLabel = "UUID",
			description = "The business's channel_id that is called (default: the sandbox's first channel)")
	String channel;

	@Option(names = "--sdp-offer-file", paramLabel = "FILE",
			description = "The caller's WebRTC SDP offer (default: a generated sample offer)")
	Path sdpOfferFile;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		String caller = OptionChecks.e164(this.spec, "--from", this.from);
		String channelId = (this.channel != null) ? OptionChecks.channel(this.spec, "--channel", this.channel) : null;
		String offer = (this.sdpOfferFile != null)
				? OptionChecks.sdpFile(this.spec, "--sdp-offer-file", this.sdpOfferFile) : SampleSdp.offer();
		SandboxAdmin.InboundCall call = this.sandbox.startInboundCall(caller, channelId, offer);
		PrintWriter err = this.spec.commandLine().getErr();
		err.println("ringing: call_id=" + call.callId() + " meta_call_id=" + call.metaCallId() + " from=" + caller
				+ " (the sandbox sent the signed call.connect webhook)");
		err.println("see it: bin/try-it watch --call-id " + call.callId() + " --from-beginning --until RINGING");
		err.println("answer: bin/try-it action --call-id " + call.callId() + " --action accept");
		this.spec.commandLine().getOut().println(call.callId());
		return 0;
	}

}
