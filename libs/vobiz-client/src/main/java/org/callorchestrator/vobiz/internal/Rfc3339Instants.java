package org.callorchestrator.vobiz.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Reads Vobiz's RFC 3339 timestamps ({@code 2026-03-25T14:00:04Z},
 * {@code 2026-03-25T14:00:04.123456+05:30}) without {@code DateTimeFormatter}: a call log
 * carries five of them, and parsing them through the formatter was 55 % of the time spent
 * decoding a logs page (JFR, the log poller's backfill). The fields are validated by
 * {@link LocalDateTime#of}; anything else — another shape, a number — goes to jsr310's
 * {@link InstantDeserializer}.
 */
public final class Rfc3339Instants extends StdScalarDeserializer<Instant> {

	private static final long serialVersionUID = 1L;

	public Rfc3339Instants() {
		super(Instant.class);
	}

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			Instant instant = parse(parser.getText());
			if (instant != null) {
				return instant;
			}
		}
		return InstantDeserializer.INSTANT.deserialize(parser, context);
	}

	/**
	 * The instant {@code text} denotes, or null when it is not in the common RFC 3339
	 * shape.
	 */
	static Instant parse(String text) {
		int length = text.length();
		if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-'
				|| (text.charAt(10) != 'T' && text.charAt(10) != 't') || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if ((year | month | day | hour | minute | second) < 0) {
			return null;
		}
		int position = 19;
		int nanos = 0;
		if (text.charAt(position) == '.') {
			int start = ++position;
			while (position < length && Character.isDigit(text.charAt(position))) {
				position++;
			}
			int count = position - start;
			if (count == 0 || count > 9) {
				return null;
			}
			nanos = digits(text, start, count);
			for (int i = count; i < 9; i++) {
				nanos *= 10;
			}
		}
		int offsetSeconds;
		if (position == length - 1 && (text.charAt(position) == 'Z' || text.charAt(position) == 'z')) {
			offsetSeconds = 0;
		}
		else if (position == length - 6 && (text.charAt(position) == '+' || text.charAt(position) == '-')
				&& text.charAt(position + 3) == ':') {
			int hours = digits(text, position + 1, 2);
			int minutes = digits(text, position + 4, 2);
			if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
				return null;
			}
			offsetSeconds = ((text.charAt(position) == '-') ? -1 : 1) * (hours * 3600 + minutes * 60);
		}
		else {
			return null;
		}
		try {
			long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second)
				.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
			return Instant.ofEpochSecond(epochSecond, nanos);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The decimal value of {@code count} digits at {@code start}, or -1 if one is not a
	 * digit.
	 */
	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
