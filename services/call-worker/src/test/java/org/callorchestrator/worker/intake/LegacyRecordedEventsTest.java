package org.callorchestrator.worker.intake;

import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LegacyRecordedEventsTest {

	static final byte[] EVENT_BYTES = { 0, 0, 0, 0, 1, 42 };

	static final byte[] RESULT_BYTES = { 0, 0, 0, 0, 2, 42 };

	static final byte[] OTHER_BYTES = { 0, 0, 0, 0, 3, 42 };

	static final CallEvent EVENT = CallEvent.newBuilder()
		.setEventId("e-1")
		.setCommandId("cmd-1")
		.setSource(EventSource.WORKER)
		.setOccurredAt(Instant.EPOCH)
		.build();

	static final CommandResult RESULT = CommandResult.newBuilder()
		.setResultId("r-1")
		.setCommandId("cmd-1")
		.setCommandType(CommandType.INITIATE)
		.setSucceeded(true)
		.setOccurredAt(Instant.EPOCH)
		.build();

	/**
	 * Stands for the registry-backed serde: the schema id (5th byte) tells what the bytes
	 * hold.
	 */
	private final Deserializer<Object> deserializer = (topic, bytes) -> switch (bytes[4]) {
		case 1 -> EVENT;
		case 2 -> RESULT;
		default -> Map.of();
	};

	private final LegacyRecordedEvents legacy = new LegacyRecordedEvents(this.deserializer);

	@Test
	void findsTheCallEventOfAnOutcomeRecordedBeforeCommandResults() {
		assertThat(this.legacy.of(outcome(EVENT_BYTES))).contains(EVENT);
	}

	@Test
	void leavesAnOutcomeHoldingACommandResultAsItIs() {
		assertThat(this.legacy.of(outcome(RESULT_BYTES))).isEmpty();
	}

	@Test
	void refusesBytesThatAreNeitherForm() {
		assertThatIllegalStateException().isThrownBy(() -> this.legacy.of(outcome(OTHER_BYTES)))
			.withMessageContaining("cmd-1");
	}

	static RecordedOutcome outcome(byte[] bytes) {
		return new RecordedOutcome("cmd-1", RecordedOutcome.State.SUCCEEDED, "call-1", "call-1", bytes, Instant.EPOCH,
				"call.initiate-0@1", true);
	}

}
