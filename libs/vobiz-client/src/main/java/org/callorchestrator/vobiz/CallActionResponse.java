package org.callorchestrator.vobiz;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * 200 answer of {@code POST /calls/whatsapp/action}.
 *
 * @param callId the call
 * @param action the action applied
 * @param success whether Vobiz reports success
 */
public record CallActionResponse(@JsonProperty("call_id") String callId, @JsonProperty("action") String action,
		@JsonProperty("success") boolean success) {
}
