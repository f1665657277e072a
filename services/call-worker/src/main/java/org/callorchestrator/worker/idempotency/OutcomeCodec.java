package org.callorchestrator.worker.idempotency;

import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON form of a {@link RecordedOutcome} on the outcomes topic: an internal topic, so JSON keeps it readable with any
 * console consumer; the event bytes travel base64-encoded.
 */
final class OutcomeCodec {

	private final JsonMapper mapper = JsonMapper.builder().build();

	byte[] encode(RecordedOutcome outcome) {
		return this.mapper.writeValueAsBytes(new Stored(outcome.state(), outcome.callId(), outcome.eventKey(),
				outcome.event(), outcome.recordedAt().toEpochMilli()));
	}

	RecordedOutcome decode(String commandId, byte[] bytes) {
		Stored stored = this.mapper.readValue(bytes, Stored.class);
		return new RecordedOutcome(commandId, stored.state(), stored.callId(), stored.eventKey(), stored.event(),
				Instant.ofEpochMilli(stored.recordedAt()));
	}

	record Stored(RecordedOutcome.State state, String callId, String eventKey, byte[] event, long recordedAt) {
	}

}
