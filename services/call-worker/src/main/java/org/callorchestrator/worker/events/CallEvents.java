package org.callorchestrator.worker.events;

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
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.springframework.stereotype.Component;

/**
 * Builds the worker's {@link CallEvent}s. The event id is derived from the command id, so an outcome re-emitted for a
 * duplicate command carries the same id as the first emission and consumers can deduplicate on it.
 */
@Component
public class CallEvents {

	private final Clock clock;

	public CallEvents(Clock clock) {
		this.clock = clock;
	}

	/** Vobiz created the call: status INITIATED. */
	public CallEvent initiated(CallInitiateCommand command, String callId, String from, String to) {
		return base(command.getCommandId(), command.getAttributes()).setCallId(callId)
			.setChannelId(command.getChannelId())
			.setDirection(CallDirection.OUTBOUND)
			.setFrom(from)
			.setTo((to != null) ? to : command.getTo())
			.setStatus(CallStatus.INITIATED)
			.setSdpOffer(command.getSdpOffer())
			.build();
	}

	/** The initiate failed: status FAILED with the error; call_id only if Vobiz created a call after all. */
	public CallEvent initiateFailed(CallInitiateCommand command, CommandFailure failure) {
		return base(command.getCommandId(), command.getAttributes()).setChannelId(command.getChannelId())
			.setDirection(CallDirection.OUTBOUND)
			.setTo(command.getTo())
			.setStatus(CallStatus.FAILED)
			.setError(failure.toCallError())
			.build();
	}

	/** Vobiz applied the action: the status it leads to. */
	public CallEvent actionApplied(CallActionCommand command) {
		CallEvent.Builder event = base(command.getCommandId(), command.getAttributes()).setCallId(command.getCallId())
			.setChannelId(command.getChannelId())
			.setStatus(statusAfter(command.getAction()));
		if (command.getAction() == CallAction.ACCEPT || command.getAction() == CallAction.PRE_ACCEPT) {
			event.setDirection(CallDirection.INBOUND).setSdpAnswer(command.getSdp());
		}
		return event.build();
	}

	/** The action failed: the call's status is not known to have changed, so status stays null. */
	public CallEvent actionFailed(CallActionCommand command, CommandFailure failure) {
		return base(command.getCommandId(), command.getAttributes()).setCallId(command.getCallId())
			.setChannelId(command.getChannelId())
			.setError(failure.toCallError())
			.build();
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

	/** Record key of an event on call.events: the call id, or the command id when there is no call. */
	public static String keyOf(CallEvent event) {
		return (event.getCallId() != null) ? event.getCallId() : event.getCommandId();
	}

	private CallEvent.Builder base(String commandId, Map<String, String> attributes) {
		return CallEvent.newBuilder()
			.setEventId(UUID.nameUUIDFromBytes(("worker:" + commandId).getBytes(StandardCharsets.UTF_8)).toString())
			.setCommandId(commandId)
			.setSource(EventSource.WORKER)
			.setOccurredAt(this.clock.instant())
			.setAttributes((attributes != null) ? attributes : Map.of());
	}

}
