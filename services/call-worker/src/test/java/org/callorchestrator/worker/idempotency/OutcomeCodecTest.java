package org.callorchestrator.worker.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeCodecTest {

	private final OutcomeCodec codec = new OutcomeCodec();

	@Test
	void readsBackAConcludedOutcomeAsCommitted() {
		RecordedOutcome outcome = RecordedOutcome.concluded("cmd-1", RecordedOutcome.State.SUCCEEDED, "call-1",
				"call-1", new byte[] { 0, 0, 0, 0, 7, 42 }, Instant.ofEpochMilli(1_700_000_000_123L),
				"call.initiate-3@42");
		RecordedOutcome read = this.codec.decode("cmd-1", this.codec.encode(outcome));
		assertThat(read.state()).isEqualTo(RecordedOutcome.State.SUCCEEDED);
		assertThat(read.callId()).isEqualTo("call-1");
		assertThat(read.result()).containsExactly(0, 0, 0, 0, 7, 42);
		assertThat(read.recordedAt()).isEqualTo(outcome.recordedAt());
		assertThat(read.committedFor("call.initiate-3@42")).isTrue();
		assertThat(read.committedFor("call.initiate-3@43")).isFalse();
	}

	@Test
	void readsBackAnInFlightMarkerWithoutEvent() {
		RecordedOutcome read = this.codec.decode("cmd-2",
				this.codec.encode(RecordedOutcome.inFlight("cmd-2", Instant.ofEpochMilli(5))));
		assertThat(read.isFinal()).isFalse();
		assertThat(read.result()).isNull();
		assertThat(read.source()).isNull();
	}

	@Test
	void readsTheJsonOutcomesOfEarlierVersions() {
		String json = "{\"state\":\"FAILED\",\"callId\":null,\"eventKey\":\"cmd-3\",\"event\":\"AAAAAAc=\","
				+ "\"recordedAt\":1700000000000}";
		RecordedOutcome read = this.codec.decode("cmd-3", json.getBytes(StandardCharsets.UTF_8));
		assertThat(read.state()).isEqualTo(RecordedOutcome.State.FAILED);
		assertThat(read.result()).containsExactly(0, 0, 0, 0, 7);
		assertThat(read.source()).isNull();
	}

}
