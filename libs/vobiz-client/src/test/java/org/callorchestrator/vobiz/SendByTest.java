package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request given a send-by time leaves only until then, whatever held it at the gate.
 */
class SendByTest {

	private static final InitiateCallRequest INITIATE = new InitiateCallRequest("3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f",
			"+919876543210", "v=0");

	private FakeVobizCalls vobiz;

	private final AtomicInteger reported = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.vobiz = new FakeVobizCalls();
	}

	@AfterEach
	void stop() {
		this.vobiz.close();
	}

	@Test
	void neverSendsARequestWhoseSendByTimePassedWhileTheGateHeldIt() {
		VobizClient client = client(endpoint -> sleep(Duration.ofMillis(300)));
		VobizOutcome<InitiateCallResponse> outcome = client.initiateCall(INITIATE, Instant.now().plusMillis(100));
		assertThat(outcome).isInstanceOf(VobizOutcome.NotSent.class);
		assertThat(this.vobiz.received()).as("requests that reached Vobiz").isZero();
		assertThat(this.reported).as("a request never sent is not reported as one").hasValue(0);
	}

	@Test
	void neverSendsARequestTheGateRefusedForItsSendByTime() {
		VobizClient client = client(new VobizRequestGate() {
			@Override
			public void beforeSend(String endpoint) {
			}

			@Override
			public boolean beforeSend(String endpoint, Instant sendBy) {
				return false;
			}
		});
		VobizOutcome<InitiateCallResponse> outcome = client.initiateCall(INITIATE, Instant.now().plusSeconds(60));
		assertThat(outcome).isInstanceOf(VobizOutcome.NotSent.class);
		assertThat(this.vobiz.received()).isZero();
	}

	@Test
	void sendsARequestWhoseSendByTimeIsStillAhead() {
		VobizClient client = client(endpoint -> sleep(Duration.ofMillis(50)));
		VobizOutcome<InitiateCallResponse> outcome = client.initiateCall(INITIATE, Instant.now().plusSeconds(10));
		assertThat(outcome).isInstanceOf(VobizOutcome.Success.class);
		assertThat(this.vobiz.received()).isOne();
		assertThat(this.reported).hasValue(1);
	}

	@Test
	void aRequestWithoutASendByTimeWaitsForTheGateHoweverLong() {
		VobizClient client = client(endpoint -> sleep(Duration.ofMillis(300)));
		assertThat(client.initiateCall(INITIATE)).isInstanceOf(VobizOutcome.Success.class);
		assertThat(this.vobiz.received()).isOne();
	}

	private VobizClient client(VobizRequestGate gate) {
		return new VobizClient(VobizClientSettings.of(this.vobiz.baseUrl(), "MA_1", "tok"),
				(endpoint, status, latency, outcome) -> this.reported.incrementAndGet(), gate);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
