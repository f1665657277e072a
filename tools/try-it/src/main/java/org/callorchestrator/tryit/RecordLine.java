package org.callorchestrator.tryit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CommandResult;

/**
 * One readable line per record, in the schemas' own field names: the record's time first,
 * then what happened, then every other field that is set. A transition on
 * {@code call.events} starts with the move itself and its place in the call's history
 * ({@code INITIATED → RINGING #2 source=WEBHOOK call_id=…}; a call's first:
 * {@code → INITIATED #1}), a command's result with
 * {@code succeeded=true status=INITIATED call_id=… command_id=…}, a call-log record with
 * {@code status=terminated final=true id=…}. SDPs are shown by size
 * ({@code <SDP 24 lines>}); null fields and empty maps are left out; new schema fields
 * show up by themselves.
 */
final class RecordLine {

	/**
	 * Fields of a {@link CallEvent} shown first, after the transition, and those left
	 * out.
	 */
	private static final List<String> EVENT_FIRST = List.of("source", "call_id", "command_id");

	/**
	 * Left out: the line starts with {@code occurred_at} and the transition
	 * (previous_status, status, sequence).
	 */
	private static final Set<String> EVENT_LEFT_OUT = Set.of("occurred_at", "event_id", "channel_id", "previous_status",
			"status", "sequence");

	/**
	 * Fields of a {@link CommandResult} shown first, and those left out (the line starts
	 * with {@code occurred_at}).
	 */
	private static final List<String> RESULT_FIRST = List.of("succeeded", "status", "call_id", "command_id",
			"command_type", "action", "error");

	private static final Set<String> RESULT_LEFT_OUT = Set.of("occurred_at", "result_id", "channel_id");

	/**
	 * Fields of a {@link CallLogRecord} shown first, and those left out (the line starts
	 * with {@code updated_at}).
	 */
	private static final List<String> LOG_FIRST = List.of("status", "final", "id", "direction");

	private static final Set<String> LOG_LEFT_OUT = Set.of("updated_at", "updated_at_micros", "account_id",
			"channel_id", "created_at", "observed_at", "call_type", "ice_candidates_json", "metadata_json");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/**
	 * Where a record has no time of its own: as wide as a time, so that the columns stay
	 * aligned.
	 */
	private static final String NO_TIME = String.format("%-24s", "-");

	private RecordLine() {
	}

	/** The line for a record read from a topic. */
	static String of(RecordTail.Observed observed) {
		String topic = String.format("%-11s ", observed.topic());
		if (observed.undecodable() != null) {
			return NO_TIME + " " + topic + "undecodable value at " + observed.position() + " (key " + observed.key()
					+ "): " + observed.undecodable();
		}
		if (observed.value() instanceof CallEvent event) {
			return time(event.getOccurredAt()) + " " + topic + transition(event) + " "
					+ fields(event, EVENT_FIRST, EVENT_LEFT_OUT);
		}
		if (observed.value() instanceof CommandResult result) {
			return time(result.getOccurredAt()) + " " + topic + fields(result, RESULT_FIRST, RESULT_LEFT_OUT);
		}
		if (observed.value() instanceof CallLogRecord log) {
			return time(log.getUpdatedAt()) + " " + topic + fields(log, LOG_FIRST, LOG_LEFT_OUT);
		}
		if (observed.value() == null) {
			return NO_TIME + " " + topic + "tombstone key=" + observed.key();
		}
		return NO_TIME + " " + topic + observed.value();
	}

	/** A command as sent: its record name and every field that is set. */
	static String of(IndexedRecord command) {
		return command.getSchema().getName() + " " + fields(command, List.of(), Set.of());
	}

	/**
	 * {@code previous → status #sequence}: {@code → INITIATED #1} for a call's first
	 * transition; a record without a sequence (0: written before call-state, or an
	 * observation) shows none.
	 */
	static String transition(CallEvent event) {
		String previous = (event.getPreviousStatus() != null) ? event.getPreviousStatus() + " " : "";
		String status = (event.getStatus() != null) ? event.getStatus().toString() : "?";
		return previous + "→ " + status + ((event.getSequence() > 0) ? " #" + event.getSequence() : "");
	}

	static String fields(IndexedRecord record, List<String> first, Set<String> leftOut) {
		StringJoiner line = new StringJoiner(" ");
		Schema schema = record.getSchema();
		for (String name : first) {
			Schema.Field field = schema.getField(name);
			if (field != null) {
				add(line, name, record.get(field.pos()));
			}
		}
		for (Schema.Field field : schema.getFields()) {
			if (!first.contains(field.name()) && !leftOut.contains(field.name())) {
				add(line, field.name(), record.get(field.pos()));
			}
		}
		return line.toString();
	}

	private static void add(StringJoiner line, String name, Object value) {
		if (value == null || (value instanceof Map<?, ?> map && map.isEmpty())) {
			return;
		}
		line.add(name + "=" + value(name, value));
	}

	private static String value(String name, Object value) {
		if (value instanceof IndexedRecord nested) {
			return "{" + fields(nested, List.of(), Set.of()) + "}";
		}
		if (value instanceof Instant instant) {
			return time(instant);
		}
		if (value instanceof Map<?, ?> map) {
			StringJoiner entries = new StringJoiner(", ", "{", "}");
			map.forEach((k, v) -> entries.add(k + "=" + v));
			return entries.toString();
		}
		String text = value.toString();
		if (name.contains("sdp")) {
			return "<SDP " + text.lines().count() + " lines>";
		}
		return (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) ? "\"" + text + "\"" : text;
	}

	private static String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : NO_TIME;
	}

}
