package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class VobizClientTest {

	@Test
	void neverPrintsTheTokenOrBearer() {
		VobizClientSettings settings = new VobizClientSettings(URI.create("https://api.vobiz.ai/api/v1/messaging"),
				"MA_1", "tok-s3cret", "jwt-s3cret", Duration.ofSeconds(1), Duration.ofSeconds(1), 4);
		assertThat(settings.toString()).doesNotContain("s3cret").contains("***");
		assertThat(new VobizClient(settings).toString()).doesNotContain("s3cret");
	}

	@Test
	void refusesSettingsWithoutCredentials() {
		assertThatThrownBy(() -> VobizClientSettings.of("https://api.vobiz.ai/api/v1/messaging", "MA_1", ""))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("credentials");
	}

	@Test
	void aRefusedConnectionIsNotAppliedAndTheOutcomeNeverCarriesTheToken() {
		VobizClient client = new VobizClient(
				VobizClientSettings.of("http://127.0.0.1:1/api/v1/messaging", "MA_1", "tok-s3cret"));
		VobizOutcome<InitiateCallResponse> outcome = client
			.initiateCall(new InitiateCallRequest("3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f", "+919876543210", "v=0"));
		assertThat(outcome).isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(outcome.toString()).doesNotContain("s3cret");
	}

	@Test
	void theLogsPagerStopsWhenNothingIsLeft() {
		VobizClient client = new VobizClient(
				VobizClientSettings.of("http://127.0.0.1:1/api/v1/messaging", "MA_1", "tok"));
		CallLogPager pager = client.logPages(new CallLogsQuery(1, 10, null, null));
		assertThat(pager.hasNext()).isTrue();
		assertThatThrownBy(pager::next).isInstanceOf(VobizCallException.class)
			.satisfies(
					ex -> assertThat(((VobizCallException) ex).outcome()).isInstanceOf(VobizOutcome.NotApplied.class));
		assertThat(pager.nextPage()).isEqualTo(1);
	}

}
