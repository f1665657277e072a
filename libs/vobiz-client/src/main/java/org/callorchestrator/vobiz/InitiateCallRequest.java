package org.callorchestrator.vobiz;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /calls/whatsapp}.
 *
 * @param channelId channel (UUID) to call from
 * @param to recipient number, E.164
 * @param sdpOffer WebRTC SDP offer
 */
public record InitiateCallRequest(@JsonProperty("channel_id") String channelId, @JsonProperty("to") String to,
		@JsonProperty("sdp_offer") String sdpOffer) {
}
