package org.callorchestrator.vobiz;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Vobiz settings every service binds under its own prefix ({@code worker.vobiz.*},
 * {@code ingress.vobiz.*}, {@code poller.vobiz.*}): one record, so the three services
 * read Vobiz the same way. {@link #client()} gives the {@link VobizClientSettings} a
 * {@link VobizClient} takes; {@link #logsPerSecond()} is the ceiling each service puts on
 * its {@code GET /logs} requests ({@link EndpointRateLimit}).
 *
 * @param baseUrl Vobiz messaging base URL
 * @param authId account id sent as {@code X-Auth-ID} (env {@code VOBIZ_AUTH_ID})
 * @param authToken token sent as {@code X-Auth-Token} (env {@code VOBIZ_AUTH_TOKEN});
 * never logged
 * @param connectTimeout TCP connect timeout: a failure here means the request was not
 * applied
 * @param responseTimeout wait for a response once the request is written: past it the
 * outcome is unknown
 * @param maxConnections requests in flight at once (the client's connection slots)
 * @param logsPerSecond ceiling on {@code GET /logs} requests per second (Resilience4j; 0:
 * none). Vobiz documents no rate limit, so the account's load is bounded here
 */
public record VobizSettings(@DefaultValue("https://api.vobiz.ai/api/v1/messaging") URI baseUrl, String authId,
		String authToken, @DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration responseTimeout,
		@DefaultValue("256") int maxConnections, @DefaultValue("250") double logsPerSecond) {

	public VobizSettings {
		if (logsPerSecond < 0) {
			throw new IllegalArgumentException("vobiz.logs-per-second must be 0 (no ceiling) or positive");
		}
	}

	/** Id and token with the defaults above: for tests and tools. */
	public static VobizSettings of(URI baseUrl, String authId, String authToken) {
		return new VobizSettings(baseUrl, authId, authToken, Duration.ofSeconds(2), Duration.ofSeconds(10), 256, 250);
	}

	/**
	 * Whether both credentials are set: without them a service makes no Vobiz requests.
	 */
	public boolean configured() {
		return notBlank(this.authId) && notBlank(this.authToken);
	}

	/** What a {@link VobizClient} needs of these settings (id and token credentials). */
	public VobizClientSettings client() {
		return new VobizClientSettings(this.baseUrl, this.authId, this.authToken, null, this.connectTimeout,
				this.responseTimeout, this.maxConnections);
	}

	/**
	 * {@code next}, with this service's {@code GET /logs} requests held to
	 * {@link #logsPerSecond()}.
	 */
	public VobizRequestGate limitingLogs(VobizRequestGate next) {
		return EndpointRateLimit.of("logs", this.logsPerSecond, next);
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

	@Override
	public String toString() {
		return "VobizSettings[baseUrl=" + this.baseUrl + ", authId=" + this.authId + ", authToken=***, connectTimeout="
				+ this.connectTimeout + ", responseTimeout=" + this.responseTimeout + ", maxConnections="
				+ this.maxConnections + ", logsPerSecond=" + this.logsPerSecond + "]";
	}

}
