package org.callorchestrator.sandbox.faults;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The faults in force, as set through {@code PUT /sandbox/faults}; every part is
 * optional.
 *
 * @param latency added to every Calls API request (replaces {@code sandbox.latency.*}
 * while set)
 * @param errors error answers given before anything is applied
 * @param outage every request to {@code endpoint} answers {@code status} for
 * {@code seconds} from now
 * @param unanswered requests applied and then never answered
 * @param metaErrors Meta code an initiate to this number fails with
 * @param webhookDrops webhook events never attempted, as if Vobiz had given up on them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FaultPlan(Latency latency, List<ErrorFault> errors, Outage outage, List<Unanswered> unanswered,
		@JsonProperty("meta_errors") Map<String, Integer> metaErrors,
		@JsonProperty("webhook_drops") WebhookDrops webhookDrops) {

	public FaultPlan {
		errors = (errors != null) ? errors : List.of();
		unanswered = (unanswered != null) ? unanswered : List.of();
		metaErrors = (metaErrors != null) ? metaErrors : Map.of();
	}

	public static FaultPlan none() {
		return new FaultPlan(null, null, null, null, null, null);
	}

	/**
	 * @param fixedMs fixed latency; @param jitterMs up to this much more
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Latency(@JsonProperty("fixed_ms") long fixedMs, @JsonProperty("jitter_ms") long jitterMs) {
	}

	/**
	 * @param endpoint initiate, action, logs or any
	 * @param rate share of matching requests that fail (default 1)
	 * @param status 429, 500, 502, 503 or 504
	 * @param retryAfterSeconds Retry-After of a 429 (default 1)
	 * @param count only the next {@code count} matching requests (null: until the plan
	 * changes)
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ErrorFault(String endpoint, Double rate, int status,
			@JsonProperty("retry_after_seconds") Integer retryAfterSeconds, Integer count) {
	}

	/**
	 * @param seconds duration from when the plan is set; @param status answer during the
	 * outage (default 503)
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Outage(long seconds, Integer status, String endpoint) {
	}

	/**
	 * @param endpoint initiate or action
	 * @param rate share of matching requests (default 1)
	 * @param count only the next {@code count} matching requests
	 * @param mode stall (hold the connection, then drop it) or reset (drop it at once)
	 * @param stallSeconds how long a stall holds the connection (default 30)
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Unanswered(String endpoint, Double rate, Integer count, String mode,
			@JsonProperty("stall_seconds") Integer stallSeconds) {
	}

	/**
	 * Webhook events dropped before any attempt; the parts add up (an event is dropped if
	 * any part says so).
	 *
	 * @param callShare share of calls (0..1) whose every event is dropped, chosen by a
	 * hash of the call id
	 * @param share share of individual events (0..1) dropped at random
	 * @param seconds every event is dropped for this long from when the plan is set
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record WebhookDrops(@JsonProperty("call_share") Double callShare, Double share, Long seconds) {

		/** An absent part is 0 (boxed, since Jackson 3 refuses an absent primitive). */
		public WebhookDrops {
			callShare = (callShare != null) ? callShare : 0.0;
			share = (share != null) ? share : 0.0;
			seconds = (seconds != null) ? seconds : 0L;
		}

	}

}
