package org.callorchestrator.worker.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct log search behind "outcome unknown" (without the call-log index), against
 * the sandbox over HTTP, with 50 calls newer than the request.
 */
class OutcomeReconcilerIT {

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	/**
	 * When the searched-for request was sent: before the seeded calls (which end 400 s
	 * before the seed).
	 */
	static final Duration REQUEST_AGE = Duration.ofMinutes(10);

	static VobizSandbox sandbox;

	static VobizClient vobiz;

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start();
		vobiz = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		sandbox.admin("POST", "/logs/seed", "{\"count\":50}");
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void doesNotCallACommandAbsentWhenTheLogsSearchedDoNotReachBackToItsRequest() {
		Reconciliation found = reconciler(1).findInitiated(CHANNEL, "+919812345678", "v=0\r\ns=never-sent\r\n",
				Instant.now().minus(REQUEST_AGE));
		assertThat(found).isInstanceOf(Reconciliation.Unreachable.class);
		assertThat(((Reconciliation.Unreachable) found).reason()).contains("more than 1 pages");
	}

	@Test
	void provesACommandAbsentOnceTheLogsSearchedReachBackToItsRequest() {
		Reconciliation found = reconciler(10).findInitiated(CHANNEL, "+919812345678", "v=0\r\ns=never-sent\r\n",
				Instant.now().minus(REQUEST_AGE));
		assertThat(found).isInstanceOf(Reconciliation.Absent.class);
	}

	@Test
	void takesAnAcceptAsAppliedWhenTheCallWasAnsweredAndHasEndedSince() {
		String callId = inboundCall();
		vobiz.callAction(new CallActionRequest(CHANNEL, callId, "pre_accept", "v=0\r\ns=agent\r\n"));
		vobiz.callAction(new CallActionRequest(CHANNEL, callId, "accept", "v=0\r\ns=agent\r\n"));
		vobiz.callAction(new CallActionRequest(CHANNEL, callId, "terminate", null));

		assertThat(reconciler(10).findAction(callId, CallAction.ACCEPT)).isInstanceOf(Reconciliation.Found.class);
		assertThat(reconciler(10).findAction(callId, CallAction.PRE_ACCEPT)).isInstanceOf(Reconciliation.Found.class);
	}

	@Test
	void doesNotTakeAnAcceptAsAppliedWhenTheCallEndedUnanswered() {
		String callId = inboundCall();
		vobiz.callAction(new CallActionRequest(CHANNEL, callId, "reject", null));

		assertThat(reconciler(10).findAction(callId, CallAction.ACCEPT)).isInstanceOf(Reconciliation.Absent.class);
	}

	static String inboundCall() {
		String body = sandbox.admin("POST", "/inbound-calls", "{\"channel_id\":\"" + CHANNEL
				+ "\",\"from\":\"+918888812345\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}");
		return JsonPath.read(body, "$.call_id");
	}

	static OutcomeReconciler reconciler(int maxPages) {
		WorkerSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("worker.reconcile.window", "0s",
				"worker.reconcile.max-pages", Integer.toString(maxPages), "worker.reconcile.page-size", "10")))
			.bindOrCreate("worker", WorkerSettings.class);
		return new OutcomeReconciler(vobiz, settings, null, Clock.systemUTC(), new SimpleMeterRegistry());
	}

}
