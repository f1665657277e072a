package org.callorchestrator.tryit;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Realistic WebRTC audio SDPs (Opus, PCMU, PCMA; ICE, DTLS fingerprint, rtcp-mux) for
 * commands whose user gave none. Each is unique (session id, ICE credentials,
 * fingerprint), as a browser's would be: the worker finds a call in the logs by its offer
 * after an unknown outcome, and the sandbox counts dials per offer.
 */
final class SampleSdp {

	private static final SecureRandom random = new SecureRandom();

	private SampleSdp() {
	}

	/** The business side's offer of an outbound call ({@code a=setup:actpass}). */
	static String offer() {
		return sdp("actpass");
	}

	/** The business side's answer to an inbound call's offer ({@code a=setup:active}). */
	static String answer() {
		return sdp("active");
	}

	private static String sdp(String setup) {
		long session = random.nextLong() & Long.MAX_VALUE;
		byte[] fingerprint = new byte[32];
		random.nextBytes(fingerprint);
		return String.join("\r\n", "v=0", "o=- " + session + " 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
				"a=extmap-allow-mixed", "a=msid-semantic: WMS try-it", "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8",
				"c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:" + token(4), "a=ice-pwd:" + token(24),
				"a=ice-options:trickle",
				"a=fingerprint:sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(fingerprint),
				"a=setup:" + setup, "a=mid:0", "a=sendrecv", "a=msid:try-it audio0", "a=rtcp-mux",
				"a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1",
				"a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "");
	}

	private static String token(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
	}

}
