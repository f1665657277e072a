package org.callorchestrator.poller;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the log poller ({@code poller.*}).
 *
 * @param pageSize logs per page (Vobiz caps lists at 100)
 * @param overlap how far below the last complete scan's newest {@code created_at} each scan re-reads: the longest a
 * call's row can keep changing (the maximum call duration plus margin)
 * @param idleInterval pause between scans when the last one found nothing new
 * @param busyInterval pause between scans while catching up
 * @param maxBackoff longest wait after a 429/5xx (Retry-After honoured up to this)
 * @param direction optional filter ({@code inbound}/{@code outbound})
 * @param checkpointTopic one-partition topic whose consumer group elects the active poller and holds its checkpoint
 * @param groupId the election's consumer group
 * @param transactionalId stable id: a new active poller fences the previous one's producer
 * @param vobiz Vobiz API access
 */
@ConfigurationProperties("poller")
public record PollerSettings(@DefaultValue("100") int pageSize, @DefaultValue("3h") Duration overlap,
		@DefaultValue("2s") Duration idleInterval, @DefaultValue("50ms") Duration busyInterval,
		@DefaultValue("30s") Duration maxBackoff, String direction,
		@DefaultValue("log-poller.checkpoint") String checkpointTopic, @DefaultValue("log-poller") String groupId,
		@DefaultValue("log-poller") String transactionalId, @DefaultValue Vobiz vobiz) {

	/**
	 * @param baseUrl Vobiz messaging base URL
	 * @param authId {@code X-Auth-ID}
	 * @param authToken {@code X-Auth-Token}; never logged
	 */
	public record Vobiz(@DefaultValue("https://api.vobiz.ai/api/v1/messaging") URI baseUrl, String authId,
			String authToken) {

		@Override
		public String toString() {
			return "Vobiz[baseUrl=" + this.baseUrl + ", authId=" + this.authId + ", authToken=***]";
		}
	}

}
