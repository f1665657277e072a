package org.callorchestrator.worker.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.springframework.stereotype.Component;

/**
 * The Vobiz request rules, checked locally: E.164 numbers, channel UUIDs, an SDP that
 * looks like one, an SDP answer for PRE_ACCEPT and ACCEPT, a known action. Stateless and
 * thread-safe.
 */
@Component
public class CommandValidator {

	static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

	static final Pattern UUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	/** Violations of an initiate command; empty when it may be sent. */
	public List<Violation> check(CallInitiateCommand command) {
		List<Violation> violations = new ArrayList<>();
		requireText(violations, "command_id", command.getCommandId());
		requireUuid(violations, "channel_id", command.getChannelId());
		if (!E164.matcher(nullToEmpty(command.getTo())).matches()) {
			violations.add(new Violation("to", "must be an E.164 number such as +919876543210", command.getTo()));
		}
		requireSdp(violations, "sdp_offer", command.getSdpOffer());
		return violations;
	}

	/** Violations of an action command; empty when it may be sent. */
	public List<Violation> check(CallActionCommand command) {
		List<Violation> violations = new ArrayList<>();
		requireText(violations, "command_id", command.getCommandId());
		requireUuid(violations, "channel_id", command.getChannelId());
		requireText(violations, "call_id", command.getCallId());
		CallAction action = command.getAction();
		if (action == null || action == CallAction.UNKNOWN) {
			violations.add(new Violation("action", "must be one of PRE_ACCEPT, ACCEPT, REJECT, TERMINATE",
					String.valueOf(action)));
		}
		else if (action == CallAction.PRE_ACCEPT || action == CallAction.ACCEPT) {
			requireSdp(violations, "sdp", command.getSdp());
		}
		return violations;
	}

	private static void requireText(List<Violation> violations, String field, String value) {
		if (value == null || value.isBlank()) {
			violations.add(new Violation(field, "is required", value));
		}
	}

	private static void requireUuid(List<Violation> violations, String field, String value) {
		if (!UUID.matcher(nullToEmpty(value)).matches()) {
			violations.add(new Violation(field, "must be a UUID", value));
		}
	}

	private static void requireSdp(List<Violation> violations, String field, String value) {
		if (value == null || value.isBlank()) {
			violations.add(new Violation(field, "is required", value));
		}
		else if (!value.startsWith("v=0")) {
			violations.add(new Violation(field, "must be an SDP (starting with v=0)", abbreviate(value)));
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

}
