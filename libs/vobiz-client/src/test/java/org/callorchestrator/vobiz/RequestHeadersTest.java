package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's headers ({@link VobizRequestHeaders}) travel with every request, and never
 * replace the client's own.
 */
class RequestHeadersTest {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private FakeVobizCalls vobiz;

	@BeforeEach
	void start() throws IOException {
		this.vobiz = new FakeVobizCalls();
	}

	@AfterEach
	void stop() {
		this.vobiz.close();
	}

	@Test
	void sendsTheCallersHeadersWithARequest() {
		client(header -> header.accept("traceparent", TRACEPARENT)).initiateCall(initiate());

		assertThat(this.vobiz.lastHeaders()).containsEntry("traceparent", List.of(TRACEPARENT));
	}

	@Test
	void neverLetsACallersHeaderReplaceTheCredentials() {
		client(header -> {
			header.accept("X-Auth-Token", "someone-elses");
			header.accept("Content-Type", "text/plain");
		}).initiateCall(initiate());

		assertThat(this.vobiz.lastHeaders()).containsEntry("x-auth-token", List.of("sandbox-token"))
			.containsEntry("content-type", List.of("application/json"));
	}

	@Test
	void sendsTheRequestWhenAddingTheCallersHeadersFails() {
		VobizOutcome<InitiateCallResponse> outcome = client(header -> {
			throw new IllegalStateException("no context");
		}).initiateCall(initiate());

		assertThat(outcome).isInstanceOf(VobizOutcome.Success.class);
	}

	private VobizClient client(VobizRequestHeaders headers) {
		return new VobizClient(VobizClientSettings.of(this.vobiz.baseUrl(), "MA_XXXXXXXX", "sandbox-token"),
				VobizRequestListener.NONE, VobizRequestGate.OPEN, headers);
	}

	private static InitiateCallRequest initiate() {
		return new InitiateCallRequest("3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f", "+919876543210", "v=0");
	}

}
