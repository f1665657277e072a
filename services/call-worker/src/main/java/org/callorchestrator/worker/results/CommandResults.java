package org.callorchestrator.worker.results;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.springframework.stereotype.Component;

/**
 * Builds the worker's {@link CommandResult}s. The result id is derived from the command
 * id, so a result re-emitted for a duplicate command carries the same id as the first
 * emission and consumers can deduplicate on it. Direction comes from the command alone:
 * OUTBOUND for an initiate, INBOUND for a (pre-)accept, else unknown (null).
 */
@Component
public class CommandResults {

	private final Clock clock;

	public CommandResults(Clock clock) {
		this.clock = clock;
	}

	/** Vobiz created the call: status INITIATED. */
	public CommandResult initiated(CallInitiateCommand command, String callId, String from, String to) {
		return initiate(command).setSucceeded(true)
			.setCallId(callId)
			.setFrom(from)
			.setTo((to != null) ? to : command.getTo())
			.setStatus(CallStatus.INITIATED)
			.build();
	}

	/** The initiate failed: no status, the error; no call id (Vobiz created no call). */
	public CommandResult initiateFailed(CallInitiateCommand command, CommandFailure failure) {
		return initiate(command).setSucceeded(false).setTo(command.getTo()).setError(failure.toCallError()).build();
	}

	/** Vobiz applied the action: the status it leads to. */
	public CommandResult actionApplied(CallActionCommand command) {
		return action(command).setSucceeded(true).setStatus(statusAfter(command.getAction())).build();
	}

	/**
	 * The action failed: the call's status is not known to have changed, so status stays
	 * null.
	 */
	public CommandResult actionFailed(CallActionCommand command, CommandFailure failure) {
		return action(command).setSucceeded(false).setError(failure.toCallError()).build();
	}

	/**
	 * The result of an initiate whose outcome was recorded before results moved to
	 * call.command-results, rebuilt from the {@code CallEvent} then recorded (see
	 * {@link #fromRecordedEvent(CallActionCommand, CallEvent, boolean)}).
	 */
	public CommandResult fromRecordedEvent(CallInitiateCommand command, CallEvent recorded, boolean succeeded) {
		return recorded(initiate(command), recorded, succeeded);
	}

	/**
	 * The result of an action whose outcome was recorded before results moved to
	 * call.command-results, rebuilt from the {@code CallEvent} then recorded: its call
	 * id, from/to, error, time and attributes; its status when the command succeeded (a
	 * failed initiate's FAILED is not a result's status: a failed result has none).
	 * Command type, action, channel and direction come from the command, as for any
	 * result. The result id equals the recorded event id (both derive from the command
	 * id).
	 */
	public CommandResult fromRecordedEvent(CallActionCommand command, CallEvent recorded, boolean succeeded) {
		return recorded(action(command), recorded, succeeded);
	}

	/** The status a successfully applied action leads to. */
	public static CallStatus statusAfter(CallAction action) {
		return switch (action) {
			case PRE_ACCEPT -> CallStatus.PRE_ACCEPTED;
			case ACCEPT -> CallStatus.ACCEPTED;
			case REJECT -> CallStatus.REJECTED;
			case TERMINATE -> CallStatus.TERMINATED;
			case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN is never applied");
		};
	}

	/**
	 * Record key of a result on call.command-results: the call id, or the command id when
	 * there is no call.
	 */
	public static String keyOf(CommandResult result) {
		return (result.getCallId() != null) ? result.getCallId() : result.getCommandId();
	}

	/** The result id of {@code commandId}'s result: the same for every emission of it. */
	public static String resultIdOf(String commandId) {
		return UUID.nameUUIDFromBytes(("worker:" + commandId).getBytes(StandardCharsets.UTF_8)).toString();
	}

	private CommandResult.Builder initiate(CallInitiateCommand command) {
		return base(command.getCommandId(), command.getAttributes()).setCommandType(CommandType.INITIATE)
			.setChannelId(command.getChannelId())
			.setDirection(CallDirection.OUTBOUND);
	}

	private CommandResult.Builder action(CallActionCommand command) {
		CallAction action = command.getAction();
		boolean accepting = action == CallAction.ACCEPT || action == CallAction.PRE_ACCEPT;
		return base(command.getCommandId(), command.getAttributes()).setCommandType(CommandType.ACTION)
			.setAction(action)
			.setCallId(command.getCallId())
			.setChannelId(command.getChannelId())
			.setDirection(accepting ? CallDirection.INBOUND : null);
	}

	private static CommandResult recorded(CommandResult.Builder result, CallEvent recorded, boolean succeeded) {
		return result.setSucceeded(succeeded)
			.setCallId(recorded.getCallId())
			.setFrom(recorded.getFrom())
			.setTo(recorded.getTo())
			.setStatus(succeeded ? recorded.getStatus() : null)
			.setError(recorded.getError())
			.setOccurredAt(recorded.getOccurredAt())
			.setAttributes(recorded.getAttributes())
			.build();
	}

	private CommandResult.Builder base(String commandId, Map<String, String> attributes) {
		return CommandResult.newBuilder()
			.setResultId(resultIdOf(commandId))
			.setCommandId(commandId)
			.setOccurredAt(this.clock.instant())
			.setAttributes((attributes != null) ? attributes : Map.of());
	}

}
