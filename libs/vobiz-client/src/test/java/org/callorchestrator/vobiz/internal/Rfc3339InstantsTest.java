package org.callorchestrator.vobiz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339InstantsTest {

	@ParameterizedTest
	@ValueSource(strings = { "2026-03-25T14:00:04Z", "2026-03-25T14:00:04.1Z", "2026-03-25T14:00:04.123456Z",
			"2026-03-25T14:00:04.123456789Z", "2026-03-25T14:00:04+05:30", "2026-03-25T14:00:04.5-03:00",
			"2024-02-29T23:59:59z", "1970-01-01T00:00:00Z" })
	void readsTheInstantJavaTimeReads(String text) {
		assertThat(Rfc3339Instants.parse(text)).isEqualTo(OffsetDateTime.parse(text.replace('z', 'Z')).toInstant());
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T14:00:04Z", "2026-03-25T24:00:04Z", "2026-03-25 14:00:04Z",
			"2026-03-25T14:00:04", "2026-03-25T14:00:04.Z", "2026-03-25T14:00:04.1234567890Z",
			"2026-03-25T14:00:04+0530", "+12026-03-25T14:00:04Z", "2026-03-25T14:00:0xZ" })
	void leavesAnyOtherShapeToJavaTime(String text) {
		assertThat(Rfc3339Instants.parse(text)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-03-25T14:00:04Z", "2026-03-25T14:00:04.123456+05:30" })
	void givesTheSameInstantAsInstantParseForUtc(String text) {
		assertThat(Rfc3339Instants.parse(text)).isEqualTo(Instant.from(OffsetDateTime.parse(text)));
	}

}
