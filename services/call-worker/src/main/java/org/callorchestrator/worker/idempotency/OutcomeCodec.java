package org.callorchestrator.worker.idempotency;

import java.time.Instant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON form of a {@link RecordedOutcome} on the outcomes topic: an internal topic, so JSON keeps it readable with any
 * console consumer; the event bytes travel base64-encoded.
 */
final class OutcomeCodec {

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	byte[] encode(RecordedOutcome outcome) {
		return this.mapper.writeValueAsBytes(new Stored(outcome.state(), outcome.callId(), outcome.eventKey(),
				outcome.event(), outcome.recordedAt().toEpochMilli(), outcome.source()));
	}

	RecordedOutcome decode(String commandId, byte[] bytes) {
		Stored stored = this.mapper.readValue(bytes, Stored.class);
		return new RecordedOutcome(commandId, stored.state(), stored.callId(), stored.eventKey(), stored.event(),
				Instant.ofEpochMilli(stored.recordedAt()), stored.source(), true);
	}

	/** Unknown fields are ignored and a missing {@code source} is null, so versions can read each other's records. */
	record Stored(RecordedOutcome.State state, String callId, String eventKey, byte[] event, long recordedAt,
			String source) {
	}

}
