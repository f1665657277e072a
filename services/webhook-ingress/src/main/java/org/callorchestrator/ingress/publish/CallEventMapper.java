package org.callorchestrator.ingress.publish;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.callorchestrator.ingress.mapping.CallRef;
import org.callorchestrator.ingress.parsing.CallSignal;
import org.callorchestrator.ingress.parsing.Delivery;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.springframework.stereotype.Component;

/**
 * One call fact to one observation: a {@link CallEvent} (source WEBHOOK, sequence left at
 * 0; call-state numbers the transitions of {@code call.events}), following the status
 * mapping of vobiz-facts.md:
 * <ul>
 * <li>{@code connect}, user-initiated: RINGING with the caller's SDP offer (answer it
 * with {@code call.action} ACCEPT); business-initiated: ACCEPTED with the callee's SDP
 * answer.</li>
 * <li>{@code status_change} RINGING / ACCEPTED / REJECTED: the same status (any
 * case).</li>
 * <li>{@code terminate} COMPLETED: TERMINATED; FAILED: FAILED — except a call never
 * answered, which is MISSED: a user-initiated one, or a business-initiated one whose
 * FAILED carries no error (the callee did not pick up, as Vobiz's log says
 * {@code missed}; a FAILED with an error such as Meta 138004 is a failure). Duration, the
 * first error and the answer time ({@code start_time}) travel along.</li>
 * </ul>
 * The event id is derived from the delivery's event id and the fact's position, so a
 * redelivered webhook yields the same ids.
 */
@Component
public class CallEventMapper {

	private final Clock clock;

	public CallEventMapper(Clock clock) {
		this.clock = clock;
	}

	public CallEvent map(Delivery delivery, int index, CallSignal signal, Optional<CallRef> call) {
		CallEvent.Builder event = CallEvent.newBuilder()
			.setEventId(UUID
				.nameUUIDFromBytes(("webhook:" + delivery.eventId() + ":" + index).getBytes(StandardCharsets.UTF_8))
				.toString())
			.setCallId(call.map(CallRef::callId).orElse(null))
			.setChannelId(call.map(CallRef::channelId).orElse(null))
			.setMetaCallId(signal.wacid())
			.setDirection(signal.inbound() ? CallDirection.INBOUND : CallDirection.OUTBOUND)
			.setFrom(signal.from())
			.setTo(signal.to())
			.setStatus(status(signal))
			.setSource(EventSource.WEBHOOK)
			.setOccurredAt(occurredAt(delivery, signal));
		if (signal.kind() == CallSignal.Kind.CONNECT) {
			if ("offer".equals(signal.sdpType()) || (signal.sdpType() == null && signal.inbound())) {
				event.setSdpOffer(signal.sdp());
			}
			else {
				event.setSdpAnswer(signal.sdp());
			}
		}
		if (signal.kind() == CallSignal.Kind.TERMINATE) {
			event.setDurationSeconds(signal.durationSeconds())
				.setHangupCause(signal.error())
				.setAnsweredAt(signal.startTime());
		}
		return event.build();
	}

	static CallStatus status(CallSignal signal) {
		String status = (signal.status() != null) ? signal.status() : "";
		return switch (signal.kind()) {
			case CONNECT -> signal.inbound() ? CallStatus.RINGING : CallStatus.ACCEPTED;
			case STATUS -> switch (status) {
				case "RINGING" -> CallStatus.RINGING;
				case "ACCEPTED" -> CallStatus.ACCEPTED;
				case "REJECTED" -> CallStatus.REJECTED;
				default -> CallStatus.UNKNOWN;
			};
			case TERMINATE -> {
				if (!signal.answered() && (signal.inbound() || ("FAILED".equals(status) && signal.error() == null))) {
					yield CallStatus.MISSED;
				}
				yield "FAILED".equals(status) ? CallStatus.FAILED : CallStatus.TERMINATED;
			}
		};
	}

	private Instant occurredAt(Delivery delivery, CallSignal signal) {
		if (signal.timestamp() != null) {
			return signal.timestamp();
		}
		return (delivery.occurredAt() != null) ? delivery.occurredAt() : this.clock.instant();
	}

}
