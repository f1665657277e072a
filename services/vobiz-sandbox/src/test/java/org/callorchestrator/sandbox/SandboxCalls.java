package org.callorchestrator.sandbox;

import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;

import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

/**
 * Calls placed and looked up through the Vobiz client, as the webhook tests need them.
 */
final class SandboxCalls {

	private SandboxCalls() {
	}

	/** Places an outbound call to {@code to} with a fresh offer; returns its call id. */
	static String initiate(VobizClient client, String to) {
		VobizOutcome<InitiateCallResponse> outcome = client
			.initiateCall(new InitiateCallRequest(CHANNEL_ID, to, "v=0\r\no=- " + System.nanoTime() + "\r\n"));
		return ((InitiateCallResponse) ((VobizOutcome.Success<?>) outcome).body()).callId();
	}

	/** The call's log, from the newest page. */
	static CallLog log(VobizClient client, String callId) {
		VobizOutcome<CallLogPage> page = client.listCallLogs(new CallLogsQuery(1, 100, null, null));
		return ((CallLogPage) ((VobizOutcome.Success<?>) page).body()).items()
			.stream()
			.filter(l -> l.id().equals(callId))
			.findFirst()
			.orElseThrow();
	}

}
