package org.callorchestrator.reliability;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vobiz webhook deliveries as the sandbox sends them: the WhatsApp envelope, signed with
 * HMAC-SHA256 (hex).
 */
final class Deliveries {

	private Deliveries() {
	}

	/** A {@code call.connect} of an inbound call {@code wacid}, with an SDP offer. */
	static String inboundConnect(String eventId, String wacid, int n) {
		return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"call.connect\",\"account_id\":\"MA_XXXXXXXX\","
				+ "\"occurred_at\":\"2026-11-24T10:00:00Z\",\"payload\":{\"object\":\"whatsapp_business_account\","
				+ "\"entry\":[{\"id\":\"waba\",\"changes\":[{\"field\":\"calls\",\"value\":{\"calls\":[{\"id\":\""
				+ wacid + "\",\"from\":\"918888888888\",\"to\":\"911140001234\",\"timestamp\":\"1711360860\","
				+ "\"event\":\"connect\",\"direction\":\"USER_INITIATED\",\"session\":{\"sdp_type\":\"offer\","
				+ "\"sdp\":\"v=0\\r\\no=- " + n + " 0 IN IP4 127.0.0.1\\r\\n\"}}]}}]}]}}";
	}

	/** The {@code X-Webhook-Signature} of {@code body} with {@code secret}. */
	static String sign(String body, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
