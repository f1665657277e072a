package org.callorchestrator.vobiz;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach Vobiz.
 *
 * @param baseUrl messaging base, e.g. {@code https://api.vobiz.ai/api/v1/messaging}
 * @param authId account id, sent as {@code X-Auth-ID} (with {@code authToken})
 * @param authToken token, sent as {@code X-Auth-Token}; never printed
 * @param bearerToken alternative to id + token: a JWT sent as
 * {@code Authorization: Bearer}; never printed
 * @param connectTimeout TCP connect timeout (a failure here means nothing was sent)
 * @param responseTimeout wait for the answer once the request is sent (past it the
 * outcome is unknown)
 * @param maxConnections requests in flight at once (one HTTP/1.1 connection each); a
 * request that finds no free slot within the connect timeout is not sent
 * ({@link VobizOutcome.NotApplied})
 */
public record VobizClientSettings(URI baseUrl, String authId, String authToken, String bearerToken,
		Duration connectTimeout, Duration responseTimeout, int maxConnections) {

	public VobizClientSettings {
		if (baseUrl == null) {
			throw new IllegalArgumentException("baseUrl is required");
		}
		boolean idAndToken = notBlank(authId) && notBlank(authToken);
		if (!idAndToken && !notBlank(bearerToken)) {
			throw new IllegalArgumentException("Vobiz credentials are required: authId and authToken, or bearerToken");
		}
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1");
		}
		String base = baseUrl.toString();
		if (base.endsWith("/")) {
			baseUrl = URI.create(base.substring(0, base.length() - 1));
		}
	}

	/**
	 * Id + token credentials with the defaults: 2 s connect, 10 s response, 64
	 * connections.
	 */
	public static VobizClientSettings of(String baseUrl, String authId, String authToken) {
		return new VobizClientSettings(URI.create(baseUrl), authId, authToken, null, Duration.ofSeconds(2),
				Duration.ofSeconds(10), 64);
	}

	public VobizClientSettings withResponseTimeout(Duration timeout) {
		return new VobizClientSettings(this.baseUrl, this.authId, this.authToken, this.bearerToken, this.connectTimeout,
				timeout, this.maxConnections);
	}

	public VobizClientSettings withMaxConnections(int connections) {
		return new VobizClientSettings(this.baseUrl, this.authId, this.authToken, this.bearerToken, this.connectTimeout,
				this.responseTimeout, connections);
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

	@Override
	public String toString() {
		return "VobizClientSettings[baseUrl=" + this.baseUrl + ", authId=" + this.authId + ", authToken="
				+ ((this.authToken != null) ? "***" : "null") + ", bearerToken="
				+ ((this.bearerToken != null) ? "***" : "null") + ", connectTimeout=" + this.connectTimeout
				+ ", responseTimeout=" + this.responseTimeout + ", maxConnections=" + this.maxConnections + "]";
	}

}
