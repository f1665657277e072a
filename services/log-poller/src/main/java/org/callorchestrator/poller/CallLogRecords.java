package org.callorchestrator.poller;

import java.time.Instant;
import java.util.Set;

import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.vobiz.CallLog;

/**
 * A Vobiz call log to its {@link CallLogRecord}: every field, nested objects as compact
 * JSON, {@code final} set.
 */
final class CallLogRecords {

	static final Set<String> TERMINAL = Set.of("rejected", "terminated", "failed", "missed");

	private CallLogRecords() {
	}

	static CallLogRecord of(CallLog log, Instant observedAt) {
		return CallLogRecord.newBuilder()
			.setId(log.id())
			.setAccountId(log.accountId())
			.setChannelId(log.channelId())
			.setMetaCallId(log.metaCallId())
			.setDirection(log.direction())
			.setFromNumber(log.fromNumber())
			.setToNumber(log.toNumber())
			.setStatus(log.status())
			.setCallType(log.callType())
			.setOfferSdp(log.offerSdp())
			.setAnswerSdp(log.answerSdp())
			.setIceCandidatesJson((log.iceCandidates() != null) ? log.iceCandidates().toString() : null)
			.setStartedAt(log.startedAt())
			.setAnsweredAt(log.answeredAt())
			.setEndedAt(log.endedAt())
			.setDurationSeconds(log.durationSeconds())
			.setHangupCause(log.hangupCause())
			.setMetadataJson((log.metadata() != null) ? log.metadata().toString() : null)
			.setCreatedAt(log.createdAt())
			.setUpdatedAt(log.updatedAt())
			.setUpdatedAtMicros(KnownVersions.micros(log.updatedAt()))
			.setObservedAt(observedAt)
			.setFinal$(TERMINAL.contains(log.status()))
			.build();
	}

}
