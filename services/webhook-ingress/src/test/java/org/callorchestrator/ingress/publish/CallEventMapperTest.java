package org.callorchestrator.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.callorchestrator.ingress.mapping.CallRef;
import org.callorchestrator.ingress.parsing.CallSignal;
import org.callorchestrator.ingress.parsing.Delivery;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.junit.jupiter.api.Test;

/** The status mapping of vobiz-facts.md, fact by fact. */
class CallEventMapperTest {

	static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	final CallEventMapper mapper = new CallEventMapper(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void anOutboundConnectIsAcceptedWithTheCalleesSdpAnswer() {
		CallEvent event = map(connect("BUSINESS_INITIATED", "answer"), Optional.of(ref()));
		assertThat(event.getStatus()).isEqualTo(CallStatus.ACCEPTED);
		assertThat(event.getSdpAnswer()).isEqualTo("v=0");
		assertThat(event.getSdpOffer()).isNull();
		assertThat(event.getDirection()).isEqualTo(CallDirection.OUTBOUND);
		assertThat(event.getCallId()).isEqualTo("call-1");
		assertThat(event.getSource()).isEqualTo(EventSource.WEBHOOK);
		assertThat(event.getSequence()).as("an observation: call-state numbers the transitions").isZero();
	}

	@Test
	void anInboundConnectIsRingingWithTheCallersSdpOffer() {
		CallEvent event = map(connect("USER_INITIATED", "offer"), Optional.empty());
		assertThat(event.getStatus()).isEqualTo(CallStatus.RINGING);
		assertThat(event.getSdpOffer()).isEqualTo("v=0");
		assertThat(event.getDirection()).isEqualTo(CallDirection.INBOUND);
		assertThat(event.getCallId()).as("mapping not known yet").isNull();
		assertThat(event.getMetaCallId()).isEqualTo("wacid.1");
	}

	@Test
	void statusChangesKeepTheirStatus() {
		assertThat(List.of("RINGING", "ACCEPTED", "REJECTED", "SOMETHING_NEW"))
			.extracting(status -> CallEventMapper.status(status(status)))
			.containsExactly(CallStatus.RINGING, CallStatus.ACCEPTED, CallStatus.REJECTED, CallStatus.UNKNOWN);
	}

	@Test
	void terminationsAreTerminatedFailedOrMissed() {
		assertThat(CallEventMapper.status(terminate("BUSINESS_INITIATED", "COMPLETED", true)))
			.isEqualTo(CallStatus.TERMINATED);
		assertThat(CallEventMapper.status(failedWithError("BUSINESS_INITIATED"))).as("a connection error")
			.isEqualTo(CallStatus.FAILED);
		assertThat(CallEventMapper.status(terminate("BUSINESS_INITIATED", "FAILED", false)))
			.as("an outbound call the callee never picked up (Vobiz's log: missed)")
			.isEqualTo(CallStatus.MISSED);
		assertThat(CallEventMapper.status(terminate("USER_INITIATED", "COMPLETED", true)))
			.isEqualTo(CallStatus.TERMINATED);
		assertThat(CallEventMapper.status(terminate("USER_INITIATED", "COMPLETED", false)))
			.as("an inbound call nobody answered")
			.isEqualTo(CallStatus.MISSED);
	}

	@Test
	void anAnsweredTerminationCarriesWhenTheCallWasAnswered() {
		CallEvent ended = map(terminate("USER_INITIATED", "COMPLETED", true), Optional.empty());
		assertThat(ended.getAnsweredAt()).isEqualTo(NOW.minusSeconds(30));
		assertThat(ended.getDurationSeconds()).isEqualTo(30);
		assertThat(map(terminate("USER_INITIATED", "COMPLETED", false), Optional.empty()).getAnsweredAt()).isNull();
	}

	@Test
	void aRedeliveredWebhookYieldsTheSameEventIds() {
		CallSignal signal = connect("USER_INITIATED", "offer");
		assertThat(map(signal, Optional.empty()).getEventId()).isEqualTo(map(signal, Optional.empty()).getEventId());
		Delivery other = new Delivery("e-2", "call.connect", "MA_XXXXXXXX", NOW, List.of(signal));
		assertThat(this.mapper.map(other, 0, signal, Optional.empty()).getEventId())
			.isNotEqualTo(map(signal, Optional.empty()).getEventId());
	}

	CallEvent map(CallSignal signal, Optional<CallRef> call) {
		return this.mapper.map(new Delivery("e-1", "call.connect", "MA_XXXXXXXX", NOW, List.of(signal)), 0, signal,
				call);
	}

	static CallRef ref() {
		return new CallRef("call-1", "channel-1", NOW);
	}

	static CallSignal connect(String direction, String sdpType) {
		return new CallSignal(CallSignal.Kind.CONNECT, "wacid.1", direction, "+918888888888", "+911140001234",
				"RINGING", sdpType, "v=0", NOW, null, false, null, null);
	}

	static CallSignal status(String status) {
		return new CallSignal(CallSignal.Kind.STATUS, "wacid.1", "BUSINESS_INITIATED", null, "+919876543210", status,
				null, null, NOW, null, false, null, null);
	}

	static CallSignal failedWithError(String direction) {
		return new CallSignal(CallSignal.Kind.TERMINATE, "wacid.1", direction, null, null, "FAILED", null, null, NOW, 0,
				false, "138004: Connection error", null);
	}

	static CallSignal terminate(String direction, String status, boolean answered) {
		return new CallSignal(CallSignal.Kind.TERMINATE, "wacid.1", direction, null, null, status, null, null, NOW,
				answered ? 30 : 0, answered, null, answered ? NOW.minusSeconds(30) : null);
	}

}
