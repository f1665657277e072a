package org.callorchestrator.vobiz;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The call log object, every field of it. {@code iceCandidates} and {@code metadata} stay
 * raw JSON (their shape is not documented).
 */
public record CallLog(@JsonProperty("id") String id, @JsonProperty("account_id") String accountId,
		@JsonProperty("channel_id") String channelId, @JsonProperty("meta_call_id") String metaCallId,
		@JsonProperty("direction") String direction, @JsonProperty("from_number") String fromNumber,
		@JsonProperty("to_number") String toNumber, @JsonProperty("status") String status,
		@JsonProperty("call_type") String callType, @JsonProperty("offer_sdp") String offerSdp,
		@JsonProperty("answer_sdp") String answerSdp, @JsonProperty("ice_candidates") JsonNode iceCandidates,
		@JsonProperty("started_at") Instant startedAt, @JsonProperty("answered_at") Instant answeredAt,
		@JsonProperty("ended_at") Instant endedAt, @JsonProperty("duration_seconds") Integer durationSeconds,
		@JsonProperty("hangup_cause") String hangupCause, @JsonProperty("metadata") JsonNode metadata,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {
}
