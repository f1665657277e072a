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

/**
 * One readable line per record, in the schemas' own field names ({@code status=RINGING source=WEBHOOK call_id=…}):
 * the record's time first, then the fields that say what happened, then every other field that is set. SDPs are
 * shown by size ({@code <SDP 24 lines>}); null fields and empty maps are left out; new schema fields show up by
 * themselves.
 */
final class RecordLine {

	/** Fields of a {@link CallEvent} shown first, and those left out (the line starts with {@code occurred_at}). */
	private static final List<String> EVENT_FIRST = List.of("status", "previous_status", "source", "call_id",
			"command_id");

	private static final Set<String> EVENT_LEFT_OUT = Set.of("occurred_at", "event_id", "channel_id");

	/** Fields of a {@link CallLogRecord} shown first, and those left out (the line starts with {@code updated_at}). */
	private static final List<String> LOG_FIRST = List.of("status", "final", "id", "direction");

	private static final Set<String> LOG_LEFT_OUT = Set.of("updated_at", "updated_at_micros", "account_id",
			"channel_id", "created_at", "observed_at", "call_type", "ice_candidates_json", "metadata_json");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** Where a record has no time of its own: as wide as a time, so that the columns stay aligned. */
	private static final String NO_TIME = String.format("%-24s", "-");

	private RecordLine() {
	}

	/** The line for a record read from a topic. */
	static String of(RecordTail.Observed observed) {
		String topic = String.format("%-12s", observed.topic());
		if (observed.undecodable() != null) {
			return NO_TIME + " " + topic + "undecodable value at " + observed.position() + " (key "
					+ observed.key() + "): " + observed.undecodable();
		}
		if (observed.value() instanceof CallEvent event) {
			return time(event.getOccurredAt()) + " " + topic + fields(event, EVENT_FIRST, EVENT_LEFT_OUT);
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
