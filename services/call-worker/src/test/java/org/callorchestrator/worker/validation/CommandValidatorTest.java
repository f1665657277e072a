package org.callorchestrator.worker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.Test;

class CommandValidatorTest {

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	final CommandValidator validator = new CommandValidator();

	@Test
	void acceptsAWellFormedInitiate() {
		assertThat(this.validator.check(initiate("+919876543210", "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\n"))).isEmpty();
	}

	@Test
	void rejectsANumberThatIsNotE164() {
		assertThat(this.validator.check(initiate("09876543210", "v=0"))).singleElement()
			.satisfies(v -> assertThat(v.field()).isEqualTo("to"));
	}

	@Test
	void rejectsAChannelThatIsNotAUuid() {
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210", "v=0"))
			.setChannelId("channel-1")
			.build();
		assertThat(this.validator.check(command)).extracting(Violation::field).containsExactly("channel_id");
	}

	@Test
	void rejectsAMissingOrMalformedSdpOffer() {
		assertThat(this.validator.check(initiate("+919876543210", ""))).extracting(Violation::field)
			.containsExactly("sdp_offer");
		assertThat(this.validator.check(initiate("+919876543210", "hello"))).extracting(Violation::message)
			.containsExactly("must be an SDP (starting with v=0)");
	}

	@Test
	void requiresAnSdpAnswerForAcceptAndPreAccept() {
		assertThat(this.validator.check(action(CallAction.ACCEPT, null))).extracting(Violation::field)
			.containsExactly("sdp");
		assertThat(this.validator.check(action(CallAction.PRE_ACCEPT, null))).extracting(Violation::field)
			.containsExactly("sdp");
		assertThat(this.validator.check(action(CallAction.ACCEPT, "v=0"))).isEmpty();
	}

	@Test
	void needsNoSdpToRejectOrTerminate() {
		assertThat(this.validator.check(action(CallAction.REJECT, null))).isEmpty();
		assertThat(this.validator.check(action(CallAction.TERMINATE, null))).isEmpty();
	}

	@Test
	void rejectsAnActionThisWorkerDoesNotKnow() {
		assertThat(this.validator.check(action(CallAction.UNKNOWN, null))).extracting(Violation::field)
			.containsExactly("action");
	}

	static CallInitiateCommand initiate(String to, String sdp) {
		return CallInitiateCommand.newBuilder()
			.setCommandId("cmd-1")
			.setChannelId(CHANNEL)
			.setTo(to)
			.setSdpOffer(sdp)
			.setRequestedAt(Instant.EPOCH)
			.build();
	}

	static CallActionCommand action(CallAction action, String sdp) {
		return CallActionCommand.newBuilder()
			.setCommandId("cmd-2")
			.setChannelId(CHANNEL)
			.setCallId("d5e6f708-1920-4a3b-94c5-d6e7f8091022")
			.setAction(action)
			.setSdp(sdp)
			.setRequestedAt(Instant.EPOCH)
			.build();
	}

}
