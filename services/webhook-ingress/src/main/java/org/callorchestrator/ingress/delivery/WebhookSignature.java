package org.callorchestrator.ingress.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vobiz's {@code X-Webhook-Signature}: lowercase hex HMAC-SHA256 of the exact raw body,
 * keyed by the subscription secret (no {@code sha256=} prefix; one is tolerated).
 * Compared in constant time against every accepted secret, so two secrets can be valid
 * during a rotation. Thread-safe.
 */
public final class WebhookSignature {

	private final List<ThreadLocal<Mac>> macs;

	public WebhookSignature(List<String> secrets) {
		this.macs = secrets.stream()
			.map(s -> ThreadLocal.withInitial(() -> mac(s.getBytes(StandardCharsets.UTF_8))))
			.toList();
	}

	/** Whether {@code signature} signs {@code body} with one of the secrets. */
	public boolean verifies(byte[] body, String signature) {
		if (signature == null) {
			return false;
		}
		String hex = signature.trim();
		if (hex.startsWith("sha256=")) {
			hex = hex.substring("sha256=".length());
		}
		byte[] given;
		try {
			given = HexFormat.of().parseHex(hex.toLowerCase());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		boolean valid = false;
		for (ThreadLocal<Mac> mac : this.macs) {
			valid |= MessageDigest.isEqual(mac.get().doFinal(body), given);
		}
		return valid;
	}

	/** The signature of {@code body} with {@code secret} (for tests and benchmarks). */
	public static String sign(byte[] body, String secret) {
		return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
	}

	private static byte[] hmac(byte[] secret, byte[] body) {
		return mac(secret).doFinal(body);
	}

	/**
	 * A MAC keyed by {@code secret}; {@code Mac.getInstance} is costly, so each thread
	 * keeps its own per secret.
	 */
	private static Mac mac(byte[] secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
