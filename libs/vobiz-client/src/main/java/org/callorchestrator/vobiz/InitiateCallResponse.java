package org.callorchestrator.vobiz;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * 201 answer of {@code POST /calls/whatsapp} (no SDP answer: it arrives by webhook).
 *
 * @param callId Vobiz call id (also the call log's id)
 * @param from the channel's number
 * @param to the callee
 * @param status {@code initiated}
 * @param direction {@code outbound}
 */
public record InitiateCallResponse(@JsonProperty("call_id") String callId, @JsonProperty("from") String from,
		@JsonProperty("to") String to, @JsonProperty("status") String status,
		@JsonProperty("direction") String direction) {
}
