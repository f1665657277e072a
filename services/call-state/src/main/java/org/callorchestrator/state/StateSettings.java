package org.callorchestrator.state;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of call-state ({@code state.*}); Kafka Streams' own settings are
 * {@code spring.kafka.streams.*}.
 *
 * @param finishedRetention how long a call's snapshot is kept after it reached a terminal
 * status; then it is removed from the store (its changelog gets a tombstone) and
 * {@code call.state} gets a tombstone. An observation of a removed call older than this
 * is dropped as expired rather than starting the call again.
 * @param unmappedHold how long an observation whose call is not known yet (keyed by the
 * wacid) waits for a call-log row naming both ids; then it is dropped and counted
 * ({@code callstate.unmapped{outcome=expired}})
 * @param sweepInterval how often (wall clock) each task sweeps its stores for finished
 * calls, expired unmapped observations, and the open-calls gauge
 * @param advertisedHost host name other instances reach this one's HTTP port by
 * ({@code application.server})
 * @param forwardTimeout time a forwarded {@code GET /calls/{id}} may take on the instance
 * that owns the call
 * @param topics topic creation at start-up
 */
@ConfigurationProperties("state")
public record StateSettings(@DefaultValue("24h") Duration finishedRetention, @DefaultValue("15m") Duration unmappedHold,
		@DefaultValue("1m") Duration sweepInterval, @DefaultValue("127.0.0.1") String advertisedHost,
		@DefaultValue("2s") Duration forwardTimeout, @DefaultValue Topics topics) {

	/**
	 * @param create create the input and output topics when absent (inputs and outputs
	 * must share one partition count: the inputs are joined by key)
	 * @param partitions partitions of created topics
	 * @param replicas replication factor of created topics
	 */
	public record Topics(@DefaultValue("true") boolean create, @DefaultValue("12") int partitions,
			@DefaultValue("1") short replicas) {
	}

}
