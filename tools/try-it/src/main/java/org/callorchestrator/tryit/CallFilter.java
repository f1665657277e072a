package org.callorchestrator.tryit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;

/**
 * Which records belong to the watched call, learning as it reads: a command's outcome event names the call it
 * created ({@code call_id}), a call's events name Meta's id ({@code meta_call_id}), and from then on the call's
 * webhook events (which carry no {@code command_id}) and its {@code call.logs} records (whose {@code id} is the
 * {@code call_id}) match too. With nothing to watch for, everything matches.
 *
 * <p>A webhook event can reach {@code call.events} before the worker's transaction that names the call commits (the
 * sandbox rings 200 ms after the call is created): records that do not match are held back (the last
 * {@value #HELD_BACK} of them) and shown as soon as a later record teaches the id they carry. Not thread-safe.
 */
final class CallFilter {

	static final int HELD_BACK = 10_000;

	private final String commandId;

	private final Set<String> callIds = new HashSet<>();

	private final Set<String> metaCallIds = new HashSet<>();

	private final Deque<RecordTail.Observed> heldBack = new ArrayDeque<>();

	private CallFilter(String commandId, String callId) {
		this.commandId = commandId;
		if (callId != null) {
			this.callIds.add(callId);
		}
	}

	/** Records of the call {@code callId} and of the call the command {@code commandId} created; either may be null. */
	static CallFilter of(String callId, String commandId) {
		return new CallFilter(commandId, callId);
	}

	/** What is watched, for the user. */
	String describe() {
		if (everything()) {
			return "every record";
		}
		StringBuilder watched = new StringBuilder();
		if (this.commandId != null) {
			watched.append("command_id=").append(this.commandId).append(" and its call");
		}
		if (!this.callIds.isEmpty()) {
			watched.append((watched.length() > 0) ? ", " : "").append("call_id=").append(String.join(",", this.callIds));
		}
		return watched.toString();
	}

	boolean everything() {
		return this.commandId == null && this.callIds.isEmpty() && this.metaCallIds.isEmpty();
	}

	/**
	 * The records to show now that {@code observed} was read: none (held back), or it — followed, when it taught an id,
	 * by the held-back records that carry that id, in the order they were read.
	 */
	List<RecordTail.Observed> admit(RecordTail.Observed observed) {
		if (everything()) {
			return List.of(observed);
		}
		int known = this.callIds.size() + this.metaCallIds.size();
		if (!matches(observed.value())) {
			this.heldBack.addLast(observed);
			if (this.heldBack.size() > HELD_BACK) {
				this.heldBack.removeFirst();
			}
			return List.of();
		}
		List<RecordTail.Observed> shown = new ArrayList<>();
		shown.add(observed);
		while (this.callIds.size() + this.metaCallIds.size() > known) {
			known = this.callIds.size() + this.metaCallIds.size();
			for (Iterator<RecordTail.Observed> held = this.heldBack.iterator(); held.hasNext();) {
				RecordTail.Observed earlier = held.next();
				if (matches(earlier.value())) {
					held.remove();
					shown.add(earlier);
				}
			}
		}
		return shown;
	}

	/** Whether {@code value} (a decoded record, or null) belongs to the watched call; remembers its ids if it does. */
	boolean matches(Object value) {
		if (everything()) {
			return true;
		}
		if (value instanceof CallEvent event) {
			boolean matches = (this.commandId != null && this.commandId.equals(event.getCommandId()))
					|| contains(this.callIds, event.getCallId()) || contains(this.metaCallIds, event.getMetaCallId());
			if (matches) {
				remember(event.getCallId(), event.getMetaCallId());
			}
			return matches;
		}
		if (value instanceof CallLogRecord log) {
			boolean matches = contains(this.callIds, log.getId()) || contains(this.metaCallIds, log.getMetaCallId());
			if (matches) {
				remember(log.getId(), log.getMetaCallId());
			}
			return matches;
		}
		return false;
	}

	private void remember(String callId, String metaCallId) {
		if (callId != null) {
			this.callIds.add(callId);
		}
		if (metaCallId != null) {
			this.metaCallIds.add(metaCallId);
		}
	}

	private static boolean contains(Set<String> ids, String id) {
		return id != null && ids.contains(id);
	}

}
