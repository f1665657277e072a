package org.callorchestrator.vobiz;

import java.time.Instant;

/**
 * The two requests that act on calls, each sent no later than its send-by time: what a
 * caller that places and answers calls needs of Vobiz (a null send-by time: no limit).
 * {@link VobizClient} is the implementation; a test hands such a caller a fake that
 * answers with any {@link VobizOutcome}, without a server.
 */
public interface VobizCalls {

	/**
	 * {@code POST /calls/whatsapp}; {@link VobizOutcome.NotSent} if it could not leave
	 * before {@code sendBy}.
	 */
	VobizOutcome<InitiateCallResponse> initiateCall(InitiateCallRequest request, Instant sendBy);

	/**
	 * {@code POST /calls/whatsapp/action}; {@link VobizOutcome.NotSent} if it could not
	 * leave before {@code sendBy}.
	 */
	VobizOutcome<CallActionResponse> callAction(CallActionRequest request, Instant sendBy);

}
