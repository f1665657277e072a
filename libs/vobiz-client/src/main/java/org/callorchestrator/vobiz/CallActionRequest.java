package org.callorchestrator.vobiz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /calls/whatsapp/action}.
 *
 * @param channelId channel (UUID) the call belongs to
 * @param callId the call
 * @param action {@code pre_accept}, {@code accept}, {@code reject} or {@code terminate}
 * @param sdp SDP answer, required for accept and pre_accept; omitted when null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallActionRequest(@JsonProperty("channel_id") String channelId, @JsonProperty("call_id") String callId,
		@JsonProperty("action") String action, @JsonProperty("sdp") String sdp) {
}
