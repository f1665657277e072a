package org.callorchestrator.worker;

import java.time.Duration;

import org.callorchestrator.vobiz.VobizSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the call worker ({@code worker.*}); Kafka client settings stay under
 * {@code spring.kafka.*}.
 *
 * @param vobiz how to reach Vobiz ({@code worker.vobiz.*}, the record every service
 * shares); its {@code logs-per-second} bounds the reconciliation's direct
 * {@code GET /logs} searches
 * @param retry retries of commands Vobiz did not apply or rate-limited
 * @param quota parking of commands that hit a Meta/Vobiz quota
 * @param reconcile resolution of outcome-unknown initiates through {@code GET /logs}
 * @param idempotency the shared record of command outcomes
 * @param concurrency how many commands are worked on at once, and how fast requests may
 * leave for Vobiz
 * @param outage how a Vobiz outage is recognised and waited out
 * @param deadline the default deadlines of commands that carry no {@code expires_at}
 * @param listener the consumer loops of the command topics
 * @param topics the topics the worker creates at start-up
 */
@ConfigurationProperties("worker")
public record WorkerSettings(@DefaultValue VobizSettings vobiz, @DefaultValue Retry retry, @DefaultValue Quota quota,
		@DefaultValue Reconcile reconcile, @DefaultValue Idempotency idempotency, @DefaultValue Concurrency concurrency,
		@DefaultValue Outage outage, @DefaultValue Deadline deadline, @DefaultValue Listener listener,
		@DefaultValue Topics topics) {

	public WorkerSettings {
		if (retry.maxTotal().compareTo(quota.maxPark()) < 0) {
			throw new IllegalArgumentException("worker.retry.max-total (" + retry.maxTotal()
					+ ") must be at least worker.quota.max-park (" + quota.maxPark() + ")");
		}
		if (vobiz.maxConnections() < concurrency.maxInFlight()) {
			throw new IllegalArgumentException("worker.vobiz.max-connections (" + vobiz.maxConnections()
					+ ") must be at least worker.concurrency.max-in-flight (" + concurrency.maxInFlight()
					+ "): otherwise lanes wait for a connection, and past the connect timeout count their request "
					+ "as not applied");
		}
	}

	/**
	 * @param maxAttempts attempts per command, the first included
	 * @param initialBackoff first back-off
	 * @param maxBackoff cap of one back-off (a longer Retry-After is capped too)
	 * @param multiplier growth of the back-off per attempt
	 * @param jitter random share (0..1) added or removed from each back-off
	 * @param maxTotal total time a command may spend retrying; keep well below
	 * max.poll.interval.ms
	 */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("5s") Duration maxBackoff, @DefaultValue("2.0") double multiplier,
			@DefaultValue("0.2") double jitter, @DefaultValue("60s") Duration maxTotal) {

		public Retry {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("worker.retry.max-attempts must be at least 1");
			}
			if (jitter < 0 || jitter > 1) {
				throw new IllegalArgumentException("worker.retry.jitter must be within 0..1");
			}
		}
	}

	/**
	 * @param maxPark longest wait for a quota's next allowed time; later than that the
	 * command dead-letters as QUOTA
	 */
	public record Quota(@DefaultValue("30s") Duration maxPark) {
	}

	/**
	 * Resolution of requests whose outcome is unknown (README: "Outcome unknown").
	 *
	 * @param window how long Vobiz's logs may lag behind a request: a call is declared
	 * absent only once logs read at least this long after the search began do not show it
	 * @param pollInterval pause between two direct searches of the logs
	 * @param maxPages pages of the newest logs read per direct search; when they do not
	 * reach back to the request's time, absence is not proven and the command
	 * dead-letters as OUTCOME_UNKNOWN rather than risk a second dial
	 * @param pageSize logs per page of a direct search
	 * @param useIndex reconcile against {@code call.logs} as the log poller mirrors it
	 * (one scan serves every pending reconciliation); false: search Vobiz's logs directly
	 * for each command, as before
	 * @param indexRetention how far back the worker keeps {@code call.logs} rows in
	 * memory (by created_at); a request older than that is searched directly
	 * @param indexWait longest wait for the poller to prove a call present or absent;
	 * then the direct search
	 * @param clockSkew allowance between the worker's and the poller's clocks
	 * @param maxCallAge how old a call an action may target is: a direct search for it
	 * stops at calls older than this
	 * @param checkpointTopic the log poller's checkpoint topic
	 * ({@code poller.checkpoint-topic})
	 */
	public record Reconcile(@DefaultValue("5s") Duration window, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("20") int maxPages, @DefaultValue("100") int pageSize, @DefaultValue("true") boolean useIndex,
			@DefaultValue("30m") Duration indexRetention, @DefaultValue("60s") Duration indexWait,
			@DefaultValue("1s") Duration clockSkew, @DefaultValue("3h") Duration maxCallAge,
			@DefaultValue("log-poller.checkpoint") String checkpointTopic) {
	}

	/**
	 * @param topic compacted topic holding one outcome per command_id, shared by every
	 * worker instance
	 * @param retention how long an outcome is remembered (topic retention and in-memory
	 * eviction)
	 */
	public record Idempotency(@DefaultValue("call-worker.command-outcomes") String topic,
			@DefaultValue("72h") Duration retention) {
	}

	/**
	 * @param maxInFlight commands worked on at once by this instance (threads of the
	 * command lanes, shared by every consumer); a consumer pauses its partitions while it
	 * has this many records in flight. Lanes are by key: one per call for actions
	 * (applied in order), one per command for initiates (any order)
	 * @param rateLimit requests per second this instance may send to Vobiz, paced evenly
	 * (every endpoint counts); 0 = no pacing. Vobiz does not document its per-account
	 * limit: set it to the account's limit divided by the number of worker instances
	 * @param commitInterval how often concluded records are written and their offsets
	 * committed, in one transaction
	 * @param drainTimeout on shutdown or when partitions are revoked, how long to wait
	 * for their records in flight
	 * @param virtualThreads run the lanes on virtual threads instead of platform threads
	 * (still at most {@code maxInFlight} at once); measured in the README
	 */
	public record Concurrency(@DefaultValue("256") int maxInFlight, @DefaultValue("0") double rateLimit,
			@DefaultValue("10ms") Duration commitInterval, @DefaultValue("30s") Duration drainTimeout,
			@DefaultValue("false") boolean virtualThreads) {

		public Concurrency {
			if (maxInFlight < 1) {
				throw new IllegalArgumentException("worker.concurrency.max-in-flight must be at least 1");
			}
			if (rateLimit < 0) {
				throw new IllegalArgumentException("worker.concurrency.rate-limit must be 0 (off) or positive");
			}
		}
	}

	/**
	 * A Vobiz outage is a run of requests Vobiz did not apply (connection refused, 503):
	 * while it lasts, commands wait without spending their retry budget, no request
	 * leaves but a few probes, and the consumers pause.
	 *
	 * @param failureRate share of the last {@code window} requests not applied (percent)
	 * that starts an outage
	 * @param window requests looked at
	 * @param minimumRequests requests needed before a rate is judged
	 * @param probeAfter wait before probing whether Vobiz is back (then three probes; all
	 * applied ends the outage)
	 */
	public record Outage(@DefaultValue("50") float failureRate, @DefaultValue("20") int window,
			@DefaultValue("10") int minimumRequests, @DefaultValue("2s") Duration probeAfter) {
	}

	/**
	 * Until when a command may still be sent to Vobiz when it carries no
	 * {@code expires_at} (and no {@code x-expires-at} header): its {@code requested_at}
	 * plus a maximum age. A command past its deadline is never sent — checked as each
	 * request leaves, after rate-limit pacing, back-offs and outage waits — and ends
	 * EXPIRED. A command without a usable {@code requested_at} (0 or less) keeps no
	 * default deadline. 0 turns a default off.
	 *
	 * @param initiateMaxAge how old an initiate's SDP offer may be when its call is
	 * placed. Neither Vobiz nor Meta documents how long an offer stays usable: 5 minutes
	 * is our choice — half the default lifetime of a TURN allocation (10 min, RFC 8656),
	 * past which the offer's relay candidates may be gone, and far beyond any backlog the
	 * worker clears in normal operation (20,000 initiates in 21 s measured), so only an
	 * outage, a stopped worker or a long rate-limit queue reaches it. A producer that
	 * knows its agent's patience sets {@code expires_at}
	 * @param actionMaxAge how old a PRE_ACCEPT or ACCEPT may be when sent: Meta rings an
	 * unanswered inbound call for about 30–60 s (then the user sees "not answered"); 30
	 * s, the lower end of that window, since the action was requested while the call
	 * rang. REJECT and TERMINATE have no default deadline (a late hang-up still ends a
	 * call; expiring it would leave the call running); an explicit {@code expires_at}
	 * still applies to them
	 */
	public record Deadline(@DefaultValue("5m") Duration initiateMaxAge, @DefaultValue("30s") Duration actionMaxAge) {

		public Deadline {
			if (initiateMaxAge.isNegative() || actionMaxAge.isNegative()) {
				throw new IllegalArgumentException(
						"worker.deadline.initiate-max-age and action-max-age must be 0 (no default deadline) or positive");
			}
		}
	}

	/**
	 * @param concurrency consumer loops per command topic (each its own consumer and
	 * thread, sharing the lanes)
	 * @param infrastructureRetries unexpected failures of one record (a bug, the registry
	 * away) tried again after a back-off before it is dead-lettered as OTHER
	 */
	public record Listener(@DefaultValue("1") int concurrency, @DefaultValue("10") int infrastructureRetries) {

		public Listener {
			if (concurrency < 1) {
				throw new IllegalArgumentException("worker.listener.concurrency must be at least 1");
			}
			if (infrastructureRetries < 0) {
				throw new IllegalArgumentException("worker.listener.infrastructure-retries must be 0 or more");
			}
		}
	}

	/**
	 * @param create create the command, result, dead-letter and outcome topics at
	 * start-up (existing ones are kept)
	 * @param partitions partitions of each topic it creates
	 * @param replicationFactor replicas of each topic it creates (3 in production:
	 * {@code deploy/topics.yaml})
	 */
	public record Topics(@DefaultValue("true") boolean create, @DefaultValue("12") int partitions,
			@DefaultValue("1") short replicationFactor) {
	}

}
