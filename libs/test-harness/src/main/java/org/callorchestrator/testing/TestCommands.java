package org.callorchestrator.testing;

import java.time.Instant;
import java.util.UUID;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;

/**
 * Commands as a producer team writes them, for tests: builders preset with a fresh
 * command id, the sandbox's channel, a number, a unique SDP offer (the sandbox counts the
 * calls it created per offer) and the request time, so that a test sets only what it is
 * about. The one place tests take the channel id from.
 */
public final class TestCommands {

	/**
	 * The sandbox's channel ({@code vobiz-sandbox.yml}), which is also the example
	 * channel of Vobiz's API page.
	 */
	public static final String CHANNEL_ID = "3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f";

	/** An E.164 number the sandbox dials. */
	public static final String TO = "+919876543210";

	private TestCommands() {
	}

	/**
	 * A {@code CallInitiateCommand} to {@link #TO} on the sandbox's channel, with its own
	 * command id and SDP offer.
	 */
	public static CallInitiateCommand.Builder initiate() {
		return CallInitiateCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL_ID)
			.setTo(TO)
			.setSdpOffer(sdpOffer())
			.setRequestedAt(Instant.now());
	}

	/**
	 * A {@code CallActionCommand} applying {@code action} to {@code callId}, with its own
	 * command id (no SDP).
	 */
	public static CallActionCommand.Builder action(String callId, CallAction action) {
		return CallActionCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL_ID)
			.setCallId(callId)
			.setAction(action)
			.setRequestedAt(Instant.now());
	}

	/** An SDP offer no other call has: a session id of its own. */
	public static String sdpOffer() {
		return "v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\ns=agent\r\n";
	}

}
