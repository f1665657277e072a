package org.callorchestrator.worker.results;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandResultsTest {

	static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	static final Instant CONCLUDED = Instant.parse("2026-11-30T08:00:00Z");

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	private final CommandResults results = new CommandResults(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aCreatedCallIsAnInitiatedOutboundResultKeyedByItsCall() {
		CommandResult result = this.results.initiated(initiate("cmd-1"), "call-1", "+911140001234", null);
		assertThat(result.getSucceeded()).isTrue();
		assertThat(result.getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(result.getCommandType()).isEqualTo(CommandType.INITIATE);
		assertThat(result.getDirection()).isEqualTo(CallDirection.OUTBOUND);
		assertThat(result.getTo()).isEqualTo("+919876543210");
		assertThat(result.getOccurredAt()).isEqualTo(NOW);
		assertThat(result.getResultId()).isEqualTo(CommandResults.resultIdOf("cmd-1"));
		assertThat(CommandResults.keyOf(result)).isEqualTo("call-1");
	}

	@Test
	void aFailedInitiateHasNoStatusNoCallAndIsKeyedByItsCommand() {
		CommandResult result = this.results.initiateFailed(initiate("cmd-2"), CommandFailure.validation("bad number"));
		assertThat(result.getSucceeded()).isFalse();
		assertThat(result.getStatus()).isNull();
		assertThat(result.getCallId()).isNull();
		assertThat(result.getError().getCategory()).isEqualTo(ErrorCategory.VALIDATION);
		assertThat(CommandResults.keyOf(result)).isEqualTo("cmd-2");
	}

	@Test
	void anAcceptIsInboundAndATerminateOfUnknownDirection() {
		CommandResult accepted = this.results.actionApplied(action("cmd-3", CallAction.ACCEPT));
		assertThat(accepted.getStatus()).isEqualTo(CallStatus.ACCEPTED);
		assertThat(accepted.getAction()).isEqualTo(CallAction.ACCEPT);
		assertThat(accepted.getDirection()).isEqualTo(CallDirection.INBOUND);
		assertThat(CommandResults.keyOf(accepted)).isEqualTo("call-9");
		CommandResult terminated = this.results.actionApplied(action("cmd-4", CallAction.TERMINATE));
		assertThat(terminated.getStatus()).isEqualTo(CallStatus.TERMINATED);
		assertThat(terminated.getDirection()).isNull();
	}

	@Test
	void rebuildsTheResultOfAnInitiateRecordedAsACallEvent() {
		CallEvent recorded = recordedEvent("cmd-5").setCallId("call-5")
			.setDirection(CallDirection.OUTBOUND)
			.setFrom("+911140001234")
			.setTo("+919876543210")
			.setStatus(CallStatus.INITIATED)
			.build();
		CommandResult result = this.results.fromRecordedEvent(initiate("cmd-5"), recorded, true);
		assertThat(result.getResultId()).isEqualTo(recorded.getEventId());
		assertThat(result.getCommandId()).isEqualTo("cmd-5");
		assertThat(result.getCommandType()).isEqualTo(CommandType.INITIATE);
		assertThat(result.getSucceeded()).isTrue();
		assertThat(result.getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(result.getCallId()).isEqualTo("call-5");
		assertThat(result.getFrom()).isEqualTo("+911140001234");
		assertThat(result.getDirection()).isEqualTo(CallDirection.OUTBOUND);
		assertThat(result.getOccurredAt()).as("when it was concluded, not now").isEqualTo(CONCLUDED);
		assertThat(result.getAttributes()).containsEntry("ticket", "T-original");
		assertThat(CommandResults.keyOf(result)).isEqualTo("call-5");
	}

	@Test
	void rebuildsAFailedInitiateRecordedAsACallEventWithoutItsFailedStatus() {
		CallError error = CommandFailure.validation("bad number").toCallError();
		CallEvent recorded = recordedEvent("cmd-6").setDirection(CallDirection.OUTBOUND)
			.setTo("09876543210")
			.setStatus(CallStatus.FAILED)
			.setError(error)
			.build();
		CommandResult result = this.results.fromRecordedEvent(initiate("cmd-6"), recorded, false);
		assertThat(result.getSucceeded()).isFalse();
		assertThat(result.getStatus()).isNull();
		assertThat(result.getError()).isEqualTo(error);
		assertThat(result.getCallId()).isNull();
		assertThat(CommandResults.keyOf(result)).isEqualTo("cmd-6");
	}

	@Test
	void rebuildsAFailedActionRecordedAsACallEventWithItsAction() {
		CallError error = CallError.newBuilder()
			.setCategory(ErrorCategory.REJECTED)
			.setHttpStatus(409)
			.setMessage("call already ended")
			.build();
		CallEvent recorded = recordedEvent("cmd-7").setCallId("call-9").setError(error).build();
		CommandResult result = this.results.fromRecordedEvent(action("cmd-7", CallAction.PRE_ACCEPT), recorded, false);
		assertThat(result.getCommandType()).isEqualTo(CommandType.ACTION);
		assertThat(result.getAction()).isEqualTo(CallAction.PRE_ACCEPT);
		assertThat(result.getSucceeded()).isFalse();
		assertThat(result.getStatus()).isNull();
		assertThat(result.getError()).isEqualTo(error);
		assertThat(result.getCallId()).isEqualTo("call-9");
		assertThat(result.getChannelId()).isEqualTo(CHANNEL);
	}

	/**
	 * A CallEvent as the worker built them before results moved to call.command-results.
	 */
	static CallEvent.Builder recordedEvent(String commandId) {
		return CallEvent.newBuilder()
			.setEventId(CommandResults.resultIdOf(commandId))
			.setCommandId(commandId)
			.setChannelId(CHANNEL)
			.setSource(EventSource.WORKER)
			.setOccurredAt(CONCLUDED)
			.setAttributes(Map.of("ticket", "T-original"));
	}

	static CallInitiateCommand initiate(String commandId) {
		return CallInitiateCommand.newBuilder()
			.setCommandId(commandId)
			.setChannelId(CHANNEL)
			.setTo("+919876543210")
			.setSdpOffer("v=0\r\n")
			.setRequestedAt(NOW)
			.setAttributes(Map.of("ticket", "T-duplicate"))
			.build();
	}

	static CallActionCommand action(String commandId, CallAction action) {
		return CallActionCommand.newBuilder()
			.setCommandId(commandId)
			.setChannelId(CHANNEL)
			.setCallId("call-9")
			.setAction(action)
			.setSdp("v=0\r\n")
			.setRequestedAt(NOW)
			.build();
	}

}
