package org.callorchestrator.sandbox.calls;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call and its log row. The log {@code id} is the {@code call_id} returned at
 * initiate (our documented assumption). Mutable under its own lock: every change goes
 * through {@link CallStore#update}, which advances {@code updatedAt}.
 */
public final class Call {

	final String id;

	final String accountId;

	final String channelId;

	final String metaCallId;

	final String direction;

	final String fromNumber;

	final String toNumber;

	final String offerSdp;

	final Instant createdAt;

	volatile String status;

	volatile String answerSdp;

	volatile Instant startedAt;

	volatile Instant answeredAt;

	volatile Instant endedAt;

	volatile Integer durationSeconds;

	volatile String hangupCause;

	volatile Instant updatedAt;

	Call(String id, String accountId, String channelId, String metaCallId, String direction, String fromNumber,
			String toNumber, String offerSdp, String status, Instant createdAt) {
		this.id = id;
		this.accountId = accountId;
		this.channelId = channelId;
		this.metaCallId = metaCallId;
		this.direction = direction;
		this.fromNumber = fromNumber;
		this.toNumber = toNumber;
		this.offerSdp = offerSdp;
		this.status = status;
		this.createdAt = createdAt;
		this.startedAt = createdAt;
		this.updatedAt = createdAt;
	}

	public String id() {
		return this.id;
	}

	public String status() {
		return this.status;
	}

	public String direction() {
		return this.direction;
	}

	public String metaCallId() {
		return this.metaCallId;
	}

	public String accountId() {
		return this.accountId;
	}

	public String channelId() {
		return this.channelId;
	}

	public String fromNumber() {
		return this.fromNumber;
	}

	public String toNumber() {
		return this.toNumber;
	}

	public String offerSdp() {
		return this.offerSdp;
	}

	public String answerSdp() {
		return this.answerSdp;
	}

	public Instant answeredAt() {
		return this.answeredAt;
	}

	public Instant endedAt() {
		return this.endedAt;
	}

	public Integer durationSeconds() {
		return this.durationSeconds;
	}

	public boolean isTerminal() {
		return switch (this.status) {
			case "rejected", "terminated", "failed", "missed" -> true;
			default -> false;
		};
	}

	/** The call log object, every documented field. */
	public synchronized Map<String, Object> toLog() {
		Map<String, Object> log = new LinkedHashMap<>();
		log.put("id", this.id);
		log.put("account_id", this.accountId);
		log.put("channel_id", this.channelId);
		log.put("meta_call_id", this.metaCallId);
		log.put("direction", this.direction);
		log.put("from_number", this.fromNumber);
		log.put("to_number", this.toNumber);
		log.put("status", this.status);
		log.put("call_type", "voice");
		log.put("offer_sdp", this.offerSdp);
		log.put("answer_sdp", this.answerSdp);
		log.put("ice_candidates", Map.of());
		log.put("started_at", Timestamps.format(this.startedAt));
		log.put("answered_at", Timestamps.format(this.answeredAt));
		log.put("ended_at", Timestamps.format(this.endedAt));
		log.put("duration_seconds", (this.durationSeconds != null) ? this.durationSeconds : 0);
		log.put("hangup_cause", this.hangupCause);
		log.put("metadata", Map.of());
		log.put("created_at", Timestamps.format(this.createdAt));
		log.put("updated_at", Timestamps.format(this.updatedAt));
		return log;
	}

}
