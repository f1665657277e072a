package org.callorchestrator.poller;

import java.time.Duration;

import org.callorchestrator.vobiz.VobizSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the log poller ({@code poller.*}).
 *
 * @param pageSize logs per page (Vobiz caps lists at 100)
 * @param overlap the longest a row can keep changing (the longest call plus margin): a
 * row that can still change is tracked up to this age, and after a takeover the versions
 * emitted for rows this young are read back from call.logs
 * @param settleTime how long a row that reached a final status (rejected, terminated,
 * failed, missed) may still change (Vobiz documents nothing; the sandbox changes none):
 * it is watched that long after its {@code updated_at}
 * @param rereadMargin how far below the last complete scan's newest {@code created_at}
 * every scan reads again, for a row that becomes visible after rows created after it
 * @param deepAfter a row that can still change, created more than this before the newest
 * row, is looked up (by status, then by position) instead of re-read with every row
 * created since
 * @param idleInterval pause between scans when the last one found less than a page of new
 * rows
 * @param busyInterval pause between scans while catching up
 * @param maxBackoff longest wait after a 429/5xx (Retry-After honoured up to this)
 * @param direction optional filter ({@code inbound}/{@code outbound})
 * @param checkpointTopic one-partition topic whose consumer group elects the active
 * poller and holds its checkpoint
 * @param groupId the election's consumer group
 * @param transactionalId stable id: a new active poller fences the previous one's
 * producer
 * @param vobiz Vobiz API access ({@code poller.vobiz.*}, the record every service
 * shares); {@code logs-per-second} bounds the scans
 */
@ConfigurationProperties("poller")
public record PollerSettings(@DefaultValue("100") int pageSize, @DefaultValue("3h") Duration overlap,
		@DefaultValue("30s") Duration settleTime, @DefaultValue("10s") Duration rereadMargin,
		@DefaultValue("2m") Duration deepAfter, @DefaultValue("2s") Duration idleInterval,
		@DefaultValue("50ms") Duration busyInterval, @DefaultValue("30s") Duration maxBackoff, String direction,
		@DefaultValue("log-poller.checkpoint") String checkpointTopic, @DefaultValue("log-poller") String groupId,
		@DefaultValue("log-poller") String transactionalId, @DefaultValue VobizSettings vobiz) {
}
