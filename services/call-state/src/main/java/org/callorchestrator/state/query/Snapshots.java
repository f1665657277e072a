package org.callorchestrator.state.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.callorchestrator.schema.CallState;

/**
 * A {@link CallState} as the JSON of {@code GET /calls/{id}}: the schema's field names,
 * times as RFC 3339 strings.
 */
final class Snapshots {

	private Snapshots() {
	}

	static Map<String, Object> json(CallState state) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("call_id", state.getCallId());
		json.put("status", state.getStatus().name());
		json.put("sequence", state.getSequence());
		json.put("path", state.getPath().stream().map(Enum::name).toList());
		json.put("last_source", (state.getLastSource() != null) ? state.getLastSource().name() : null);
		json.put("direction", (state.getDirection() != null) ? state.getDirection().name() : null);
		json.put("from", state.getFrom());
		json.put("to", state.getTo());
		json.put("channel_id", state.getChannelId());
		json.put("meta_call_id", state.getMetaCallId());
		json.put("started_at", text(state.getStartedAt()));
		json.put("answered_at", text(state.getAnsweredAt()));
		json.put("ended_at", text(state.getEndedAt()));
		json.put("duration_seconds", state.getDurationSeconds());
		json.put("hangup_cause", state.getHangupCause());
		json.put("last_command_id", state.getLastCommandId());
		json.put("updated_at", text(state.getUpdatedAt()));
		return json;
	}

	private static String text(Instant at) {
		return (at != null) ? at.toString() : null;
	}

}
