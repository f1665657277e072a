package org.callorchestrator.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the sandbox ({@code sandbox.*}).
 *
 * @param accounts accounts and their credentials
 * @param channels channels (id, number, owning account)
 * @param timing how fast simulated calls progress
 * @param scenarios outcome of an outbound call per callee number: ANSWER (default),
 * REJECT, MISS, FAIL
 * @param metaErrors Meta error code an initiate to this number fails with (138003,
 * 138005, 138006, 138012, 138002)
 * @param logs call-log listing limits
 * @param webhooks delivery behaviour
 * @param latency latency added to every Calls API request
 */
@ConfigurationProperties("sandbox")
public record SandboxSettings(@DefaultValue List<Account> accounts, @DefaultValue List<Channel> channels,
		@DefaultValue Timing timing, @DefaultValue Map<String, Scenario> scenarios,
		@DefaultValue Map<String, Integer> metaErrors, @DefaultValue Logs logs, @DefaultValue Webhooks webhooks,
		@DefaultValue Latency latency) {

	/**
	 * @param id account id ({@code X-Auth-ID})
	 * @param token {@code X-Auth-Token}
	 * @param bearerToken token accepted as {@code Authorization: Bearer} (the sandbox
	 * does not verify JWTs)
	 */
	public record Account(String id, String token, String bearerToken) {
	}

	/**
	 * @param id channel UUID
	 * @param number the channel's E.164 number
	 * @param account owning account id
	 */
	public record Channel(String id, String number, String account) {
	}

	/**
	 * @param ringAfter initiated → ringing
	 * @param answerAfter ringing → answered (outbound ANSWER scenario)
	 * @param talkDuration answered → the remote party hangs up
	 * @param answerWindow ringing with no answer → missed (Meta: 30–60 s)
	 */
	public record Timing(@DefaultValue("200ms") Duration ringAfter, @DefaultValue("500ms") Duration answerAfter,
			@DefaultValue("30s") Duration talkDuration, @DefaultValue("45s") Duration answerWindow) {
	}

	/** What the callee of an outbound call does. */
	public enum Scenario {

		/**
		 * Rings, answers (connect webhook with the SDP answer), hangs up after the talk
		 * duration.
		 */
		ANSWER,

		/** Rings, then declines. */
		REJECT,

		/** Rings until the answer window ends. */
		MISS,

		/** The call fails before ringing ends (Meta 138004 connection error). */
		FAIL

	}

	/**
	 * @param maxLimit largest accepted {@code limit} (100, like other Vobiz lists);
	 * larger values are capped
	 */
	public record Logs(@DefaultValue("100") int maxLimit) {
	}

	/**
	 * @param maxAttempts deliveries of one event before giving up
	 * @param initialBackoff wait before the first redelivery (doubles each time)
	 * @param duplicateRate share of events delivered twice (for receivers' dedup tests)
	 * @param timeout per delivery attempt
	 */
	public record Webhooks(@DefaultValue("8") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("0") double duplicateRate, @DefaultValue("5s") Duration timeout) {
	}

	/**
	 * @param fixed added to every Calls API request
	 * @param jitter up to this much more, uniformly
	 */
	public record Latency(@DefaultValue("0ms") Duration fixed, @DefaultValue("0ms") Duration jitter) {
	}

}
