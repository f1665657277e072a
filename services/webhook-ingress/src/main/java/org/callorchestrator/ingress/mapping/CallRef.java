package org.callorchestrator.ingress.mapping;

import java.time.Instant;

/**
 * What a wacid resolves to.
 *
 * @param callId Vobiz's call id (the key of the call's observations)
 * @param channelId the call's channel
 * @param learnedAt when the mapping was learned
 */
public record CallRef(String callId, String channelId, Instant learnedAt) {

	String encode() {
		return this.callId + "|" + ((this.channelId != null) ? this.channelId : "") + "|"
				+ this.learnedAt.toEpochMilli();
	}

	static CallRef decode(String text) {
		String[] parts = text.split("\\|", -1);
		return new CallRef(parts[0], parts[1].isEmpty() ? null : parts[1],
				Instant.ofEpochMilli(Long.parseLong(parts[2])));
	}

}
