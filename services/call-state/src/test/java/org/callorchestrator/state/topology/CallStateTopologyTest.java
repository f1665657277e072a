package org.callorchestrator.state.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.callorchestrator.state.topology.CallStateDriver.T0;
import static org.callorchestrator.state.topology.CallStateDriver.applied;
import static org.callorchestrator.state.topology.CallStateDriver.callId;
import static org.callorchestrator.state.topology.CallStateDriver.failed;
import static org.callorchestrator.state.topology.CallStateDriver.initiated;
import static org.callorchestrator.state.topology.CallStateDriver.row;
import static org.callorchestrator.state.topology.CallStateDriver.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.state.machine.CallStateMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine through the whole topology ({@code TopologyTestDriver}, exactly-once,
 * the real stores): every edge, and each duplicate, late, filled-in, unmapped and expired
 * case.
 */
class CallStateTopologyTest {

	private CallStateDriver driver;

	@BeforeEach
	void start() throws Exception {
		this.driver = new CallStateDriver();
	}

	@AfterEach
	void stop() throws Exception {
		this.driver.close();
	}

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static Instant at(int seconds) {
		return T0.plusSeconds(seconds);
	}

	private static Headers traced(String traceparent) {
		return new RecordHeaders().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
	}

	private String traceparent(TestRecord<String, CallEvent> record) {
		Header header = record.headers().lastHeader("traceparent");
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Test
	void publishesAnOutboundCallsFourTransitionsInOrderWithTheStatusEachLeft() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(call, "wacid.1", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));
		CallEvent connect = webhook(call, "wacid.1", CallDirection.OUTBOUND, CallStatus.ACCEPTED, at(2));
		connect.setSdpAnswer("v=0 answer");
		this.driver.observe(connect);
		this.driver.observe(webhook(call, "wacid.1", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(9)));

		List<TestRecord<String, CallEvent>> records = this.driver.transitionRecords();
		assertThat(records).extracting(TestRecord::key).containsOnly(call);
		assertThat(records).extracting(TestRecord::value)
			.extracting(CallEvent::getPreviousStatus, CallEvent::getStatus, CallEvent::getSequence,
					CallEvent::getSource)
			.containsExactly(tuple(null, CallStatus.INITIATED, 1, EventSource.WORKER),
					tuple(CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK),
					tuple(CallStatus.RINGING, CallStatus.ACCEPTED, 3, EventSource.WEBHOOK),
					tuple(CallStatus.ACCEPTED, CallStatus.TERMINATED, 4, EventSource.WEBHOOK));
		CallEvent initiatedEvent = records.get(0).value();
		assertThat(initiatedEvent.getCommandId()).isEqualTo("cmd-1");
		assertThat(initiatedEvent.getAttributes()).containsEntry("ticket", "T-1");
		assertThat(initiatedEvent.getEventId()).isEqualTo(CallStateMachine.eventId(call, 1));
		assertThat(records.get(2).value().getSdpAnswer()).isEqualTo("v=0 answer");
		assertThat(records.get(2).value().getMetaCallId()).isEqualTo("wacid.1");
		assertThat(records.get(3).value().getTo()).isEqualTo("+14155550123");
	}

	@Test
	void keepsTheLatestSnapshotOfEveryChangeOnCallState() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(call, "wacid.2", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));

		List<TestRecord<String, CallState>> snapshots = this.driver.snapshots();
		assertThat(snapshots).extracting(TestRecord::key).containsExactly(call, call);
		CallState last = snapshots.get(1).value();
		assertThat(last.getStatus()).isEqualTo(CallStatus.RINGING);
		assertThat(last.getSequence()).isEqualTo(2);
		assertThat(last.getPath()).containsExactly(CallStatus.INITIATED, CallStatus.RINGING);
		assertThat(last.getMetaCallId()).isEqualTo("wacid.2");
		assertThat(last.getLastCommandId()).isEqualTo("cmd-1");
		assertThat(last.getStartedAt()).isEqualTo(at(0));
		assertThat(this.driver.stored(call)).isEqualTo(last);
	}

	@Test
	void takesTheCallsTimesFromTheCallLogToTheMillisecond() {
		String call = callId();
		this.driver.observe(webhook(call, "wacid.19", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));
		CallEvent connect = webhook(call, "wacid.19", CallDirection.OUTBOUND, CallStatus.ACCEPTED, at(2));
		this.driver.observe(connect);
		CallLogRecord row = row(call, "wacid.19", "outbound", "accepted", at(0).plusMillis(684));
		row.setAnsweredAt(at(1).plusMillis(413));
		row.setUpdatedAt(at(1).plusMillis(413));
		this.driver.log(row);

		CallState state = this.driver.stored(call);
		assertThat(state.getStartedAt()).isEqualTo(at(0).plusMillis(684));
		assertThat(state.getAnsweredAt()).isEqualTo(at(1).plusMillis(413));
		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus)
			.containsExactly(CallStatus.INITIATED, CallStatus.RINGING, CallStatus.ACCEPTED);
	}

	@Test
	void collapsesTheSameStatusFromSeveralSourcesIntoOneTransition() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.log(row(call, "wacid.3", "outbound", "initiated", at(0)));
		this.driver.observe(webhook(call, "wacid.3", CallDirection.OUTBOUND, CallStatus.ACCEPTED, at(2)));
		this.driver.observe(webhook(call, "wacid.3", CallDirection.OUTBOUND, CallStatus.ACCEPTED, at(2)));
		this.driver.observe(webhook(call, "wacid.3", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(5)));
		this.driver.result(applied(call, "cmd-2", CallAction.TERMINATE, CallStatus.TERMINATED, at(5)));

		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus)
			.containsExactly(CallStatus.INITIATED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
		assertThat(this.driver.count("callstate.duplicates", "source", "LOG_POLLER")).isEqualTo(1);
		assertThat(this.driver.count("callstate.duplicates", "source", "WEBHOOK")).isEqualTo(1);
		assertThat(this.driver.count("callstate.duplicates", "source", "WORKER")).isEqualTo(1);
		assertThat(this.driver.stored(call).getLastCommandId()).isEqualTo("cmd-2");
	}

	@Test
	void neverMovesBackwardsAndCountsTheLateObservation() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(call, "wacid.4", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(5)));
		this.driver.transitions();
		this.driver.observe(webhook(call, "wacid.4", CallDirection.OUTBOUND, CallStatus.ACCEPTED, at(3)));
		this.driver.observe(webhook(call, "wacid.4", CallDirection.OUTBOUND, CallStatus.FAILED, at(6)));

		assertThat(this.driver.transitions()).isEmpty();
		assertThat(this.driver.count("callstate.late.observations", "source", "WEBHOOK")).isEqualTo(2);
		assertThat(this.driver.stored(call).getStatus()).isEqualTo(CallStatus.TERMINATED);
	}

	@Test
	void fillsInAcceptedAtTheCallLogsAnsweredAtBeforeTheTerminalStatus() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(call, "wacid.5", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));
		CallLogRecord ended = row(call, "wacid.5", "outbound", "terminated", at(0));
		ended.setAnsweredAt(at(3));
		ended.setEndedAt(at(20));
		ended.setDurationSeconds(17);
		ended.setHangupCause("normal_clearing");
		ended.setUpdatedAt(at(20));
		this.driver.log(ended);

		List<CallEvent> transitions = this.driver.transitions();
		assertThat(transitions)
			.extracting(CallEvent::getPreviousStatus, CallEvent::getStatus, CallEvent::getSequence,
					CallEvent::getOccurredAt)
			.containsExactly(tuple(null, CallStatus.INITIATED, 1, at(0)),
					tuple(CallStatus.INITIATED, CallStatus.RINGING, 2, at(1)),
					tuple(CallStatus.RINGING, CallStatus.ACCEPTED, 3, at(3)),
					tuple(CallStatus.ACCEPTED, CallStatus.TERMINATED, 4, at(20)));
		assertThat(transitions.get(3).getDurationSeconds()).isEqualTo(17);
		assertThat(transitions.get(3).getHangupCause()).isEqualTo("normal_clearing");
		assertThat(transitions.get(2).getSource()).isEqualTo(EventSource.LOG_POLLER);
		assertThat(this.driver.count("callstate.filled", "status", "ACCEPTED")).isEqualTo(1);
		CallState state = this.driver.stored(call);
		assertThat(state.getAnsweredAt()).isEqualTo(at(3));
		assertThat(state.getEndedAt()).isEqualTo(at(20));
	}

	@Test
	void fillsInAnOutboundCallsInitiatedWhenItsRingingArrivesFirst() {
		String call = callId();
		this.driver.observe(webhook(call, "wacid.6", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));
		this.driver.result(initiated(call, "cmd-1", at(1)));

		assertThat(this.driver.transitions())
			.extracting(CallEvent::getPreviousStatus, CallEvent::getStatus, CallEvent::getSource)
			.containsExactly(tuple(null, CallStatus.INITIATED, EventSource.WEBHOOK),
					tuple(CallStatus.INITIATED, CallStatus.RINGING, EventSource.WEBHOOK));
		assertThat(this.driver.stored(call).getLastCommandId()).isEqualTo("cmd-1");
		assertThat(this.driver.count("callstate.duplicates", "source", "WORKER")).isEqualTo(1);
	}

	@Test
	void publishesAnInboundCallFromRingingWithTheUsersOfferThroughPreAcceptAndAccept() {
		String call = callId();
		CallEvent connect = webhook(call, "wacid.7", CallDirection.INBOUND, CallStatus.RINGING, at(0));
		connect.setSdpOffer("v=0 offer");
		this.driver.observe(connect);
		this.driver.result(applied(call, "cmd-p", CallAction.PRE_ACCEPT, CallStatus.PRE_ACCEPTED, at(1)));
		this.driver.result(applied(call, "cmd-a", CallAction.ACCEPT, CallStatus.ACCEPTED, at(2)));
		this.driver.result(applied(call, "cmd-t", CallAction.TERMINATE, CallStatus.TERMINATED, at(9)));
		this.driver.observe(webhook(call, "wacid.7", CallDirection.INBOUND, CallStatus.TERMINATED, at(9)));

		List<CallEvent> transitions = this.driver.transitions();
		assertThat(transitions).extracting(CallEvent::getStatus, CallEvent::getCommandId)
			.containsExactly(tuple(CallStatus.RINGING, null), tuple(CallStatus.PRE_ACCEPTED, "cmd-p"),
					tuple(CallStatus.ACCEPTED, "cmd-a"), tuple(CallStatus.TERMINATED, "cmd-t"));
		assertThat(transitions.get(0).getSdpOffer()).isEqualTo("v=0 offer");
		assertThat(transitions.get(0).getPreviousStatus()).isNull();
	}

	@Test
	void fillsInAcceptedFromATerminateWebhooksStartTimeWhenTheAcceptsResultComesLate() {
		String call = callId();
		this.driver.observe(webhook(call, "wacid.17", CallDirection.INBOUND, CallStatus.RINGING, at(0)));
		this.driver.result(applied(call, "cmd-p", CallAction.PRE_ACCEPT, CallStatus.PRE_ACCEPTED, at(1)));
		CallEvent ended = webhook(call, "wacid.17", CallDirection.INBOUND, CallStatus.TERMINATED, at(9));
		ended.setAnsweredAt(at(2));
		ended.setDurationSeconds(7);
		this.driver.observe(ended);
		this.driver.result(applied(call, "cmd-a", CallAction.ACCEPT, CallStatus.ACCEPTED, at(2)));

		List<CallEvent> transitions = this.driver.transitions();
		assertThat(transitions).extracting(CallEvent::getStatus, CallEvent::getOccurredAt, CallEvent::getSource)
			.containsExactly(tuple(CallStatus.RINGING, at(0), EventSource.WEBHOOK),
					tuple(CallStatus.PRE_ACCEPTED, at(1), EventSource.WORKER),
					tuple(CallStatus.ACCEPTED, at(2), EventSource.WEBHOOK),
					tuple(CallStatus.TERMINATED, at(9), EventSource.WEBHOOK));
		assertThat(transitions.get(3).getAnsweredAt()).isEqualTo(at(2));
		assertThat(this.driver.count("callstate.duplicates", "source", "WORKER")).isEqualTo(1);
		assertThat(this.driver.stored(call).getLastCommandId()).isEqualTo("cmd-a");
	}

	@Test
	void fillsInAcceptedFromATerminateWebhooksDurationWhenItHasNoStartTime() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		CallEvent ended = webhook(call, "wacid.18", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(30));
		ended.setDurationSeconds(20);
		this.driver.observe(ended);

		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus, CallEvent::getOccurredAt)
			.containsExactly(tuple(CallStatus.INITIATED, at(0)), tuple(CallStatus.ACCEPTED, at(10)),
					tuple(CallStatus.TERMINATED, at(30)));
	}

	@Test
	void completesAnInboundCallFromItsCallLogAloneWithoutInventingPreAccepted() {
		String call = callId();
		CallLogRecord ended = row(call, "wacid.8", "inbound", "terminated", at(0));
		ended.setOfferSdp("v=0 offer");
		ended.setAnsweredAt(at(4));
		ended.setEndedAt(at(30));
		ended.setUpdatedAt(at(30));
		this.driver.log(ended);

		List<CallEvent> transitions = this.driver.transitions();
		assertThat(transitions).extracting(CallEvent::getStatus, CallEvent::getOccurredAt, CallEvent::getSource)
			.containsExactly(tuple(CallStatus.RINGING, at(0), EventSource.LOG_POLLER),
					tuple(CallStatus.ACCEPTED, at(4), EventSource.LOG_POLLER),
					tuple(CallStatus.TERMINATED, at(30), EventSource.LOG_POLLER));
		assertThat(transitions.get(0).getSdpOffer()).isEqualTo("v=0 offer");
	}

	@Test
	void neverInventsTheRingingOfAnOutboundCallSeenOnlyWhenItEnded() {
		String call = callId();
		CallLogRecord ended = row(call, "wacid.9", "outbound", "terminated", at(0));
		ended.setAnsweredAt(at(2));
		ended.setEndedAt(at(12));
		ended.setUpdatedAt(at(12));
		this.driver.log(ended);

		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus)
			.containsExactly(CallStatus.INITIATED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
	}

	@Test
	void missedAndRejectedCallsEndWithoutAcceptance() {
		String missed = callId();
		String rejected = callId();
		this.driver.observe(webhook(missed, "wacid.10", CallDirection.INBOUND, CallStatus.RINGING, at(0)));
		this.driver.observe(webhook(missed, "wacid.10", CallDirection.INBOUND, CallStatus.MISSED, at(45)));
		this.driver.result(initiated(rejected, "cmd-r", at(0)));
		this.driver.observe(webhook(rejected, "wacid.11", CallDirection.OUTBOUND, CallStatus.REJECTED, at(3)));

		assertThat(this.driver.transitions()).extracting(CallEvent::getCallId, CallEvent::getStatus)
			.containsExactly(tuple(missed, CallStatus.RINGING), tuple(missed, CallStatus.MISSED),
					tuple(rejected, CallStatus.INITIATED), tuple(rejected, CallStatus.REJECTED));
	}

	@Test
	void appliesAnObservationKeyedByItsWacidOnceACallLogRowNamesTheCall() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(null, "wacid.12", CallDirection.OUTBOUND, CallStatus.RINGING, at(1)));
		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus).containsExactly(CallStatus.INITIATED);
		assertThat(this.driver.count("callstate.unmapped", "outcome", "held")).isEqualTo(1);

		this.driver.log(row(call, "wacid.12", "outbound", "initiated", at(0)));

		List<CallEvent> transitions = this.driver.transitions();
		assertThat(transitions).extracting(CallEvent::getPreviousStatus, CallEvent::getStatus, CallEvent::getSequence)
			.containsExactly(tuple(CallStatus.INITIATED, CallStatus.RINGING, 2));
		assertThat(transitions.get(0).getCallId()).isEqualTo(call);
		assertThat(this.driver.count("callstate.unmapped", "outcome", "mapped")).isEqualTo(1);
	}

	@Test
	void appliesAnObservationKeyedByItsWacidAtOnceWhenTheCallIsAlreadyMapped() {
		String call = callId();
		this.driver.log(row(call, "wacid.13", "inbound", "ringing", at(0)));
		this.driver.observe(webhook(null, "wacid.13", CallDirection.INBOUND, CallStatus.MISSED, at(45)));

		assertThat(this.driver.transitions()).extracting(CallEvent::getCallId, CallEvent::getStatus)
			.containsExactly(tuple(call, CallStatus.RINGING), tuple(call, CallStatus.MISSED));
		assertThat(this.driver.count("callstate.unmapped", "outcome", "held")).isZero();
	}

	@Test
	void aTransitionCarriesTheTraceContextOfTheResultThatEstablishedIt() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)), traced(TRACEPARENT));

		assertThat(this.driver.transitionRecords()).singleElement()
			.satisfies(record -> assertThat(traceparent(record)).isEqualTo(TRACEPARENT));
	}

	@Test
	void anObservationKeyedByItsWacidKeepsItsTraceContextWhenItsCallIsAlreadyMapped() {
		String call = callId();
		this.driver.log(row(call, "wacid.15", "inbound", "ringing", at(0)));
		this.driver.observe(webhook(null, "wacid.15", CallDirection.INBOUND, CallStatus.MISSED, at(45)),
				traced(TRACEPARENT));

		assertThat(this.driver.transitionRecords()).extracting(r -> r.value().getStatus(), this::traceparent)
			.containsExactly(tuple(CallStatus.RINGING, null), tuple(CallStatus.MISSED, TRACEPARENT));
	}

	@Test
	void dropsAndCountsAnUnmappedObservationAfterTheHold() {
		this.driver.observe(webhook(null, "wacid.14", CallDirection.INBOUND, CallStatus.RINGING, at(0)));
		this.driver.advanceWallClock(this.driver.settings.unmappedHold().plusMinutes(2));
		String call = callId();
		this.driver.log(row(call, "wacid.14", "inbound", "terminated", at(0)));

		assertThat(this.driver.count("callstate.unmapped", "outcome", "expired")).isEqualTo(1);
		assertThat(this.driver.transitions()).extracting(CallEvent::getStatus, CallEvent::getSource)
			.containsExactly(tuple(CallStatus.RINGING, EventSource.LOG_POLLER),
					tuple(CallStatus.TERMINATED, EventSource.LOG_POLLER));
	}

	@Test
	void refusesAStatusImpossibleForTheCallsDirection() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.transitions();
		this.driver.result(applied(call, "cmd-p", CallAction.PRE_ACCEPT, CallStatus.PRE_ACCEPTED, at(1)));

		assertThat(this.driver.transitions()).isEmpty();
		assertThat(this.driver.count("callstate.invalid.observations", "source", "WORKER")).isEqualTo(1);
	}

	@Test
	void aFailedCommandChangesNothing() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.transitions();
		this.driver.snapshots();
		this.driver.result(failed(call, "cmd-2", at(1)));

		assertThat(this.driver.transitions()).isEmpty();
		assertThat(this.driver.snapshots()).isEmpty();
		assertThat(this.driver.stored(call).getLastCommandId()).isEqualTo("cmd-1");
	}

	@Test
	void forgetsAFinishedCallAfterItsRetentionWithATombstoneAndIgnoresItsLateObservations() {
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));
		this.driver.observe(webhook(call, "wacid.15", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(10)));
		this.driver.transitions();
		this.driver.snapshots();

		this.driver.advanceWallClock(Duration.ofHours(25));

		List<TestRecord<String, CallState>> snapshots = this.driver.snapshots();
		assertThat(snapshots).extracting(TestRecord::key).containsExactly(call);
		assertThat(snapshots.get(0).value()).isNull();
		assertThat(this.driver.stored(call)).isNull();
		assertThat(this.driver.count("callstate.forgotten")).isEqualTo(1);

		this.driver.observe(webhook(call, "wacid.15", CallDirection.OUTBOUND, CallStatus.TERMINATED, at(10)));
		assertThat(this.driver.transitions()).isEmpty();
		assertThat(this.driver.count("callstate.expired.observations", "source", "WEBHOOK")).isEqualTo(1);
	}

	@Test
	void countsOpenCallsByStatusOnEachSweep() {
		this.driver.result(initiated(callId(), "cmd-1", at(0)));
		this.driver.result(initiated(callId(), "cmd-2", at(0)));
		String ringing = callId();
		this.driver.observe(webhook(ringing, "wacid.16", CallDirection.INBOUND, CallStatus.RINGING, at(0)));

		this.driver.advanceWallClock(Duration.ofMinutes(2));

		assertThat(this.driver.meters.get("callstate.open.calls").tag("status", "INITIATED").gauge().value())
			.isEqualTo(2);
		assertThat(this.driver.meters.get("callstate.open.calls").tag("status", "RINGING").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void skipsARecordItCannotReadAndGoesOn() {
		this.driver.garbageObservation("some-call");
		String call = callId();
		this.driver.result(initiated(call, "cmd-1", at(0)));

		assertThat(this.driver.transitions()).extracting(CallEvent::getCallId).containsExactly(call);
	}

}
