package org.callorchestrator.tryit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CommandResult;

/**
 * Which records belong to the watched call, learning as it reads: a watched command's one
 * result on {@code call.command-results} names the call it created or acted on
 * ({@code call_id}), and from then on that call's transitions on {@code call.events} and
 * its {@code call.logs} records (whose {@code id} is the {@code call_id}) match too. With
 * nothing to watch for, everything matches.
 *
 * <p>
 * One call's transitions are in order on one partition of {@code call.events}, but its
 * command's result is on another topic, and a consumer reading several topics hands over
 * their records in no particular order between them (from the beginning, a whole batch of
 * {@code call.events} may come before the result). So records that do not match yet are
 * held back (the last {@value #HELD_BACK} of them) and shown, in the order they were
 * read, right after the record that teaches the id they carry: the result first, then the
 * call's transitions. Not thread-safe.
 */
final class CallFilter {

	static final int HELD_BACK = 10_000;

	private final Set<String> commandIds = new LinkedHashSet<>();

	private final Set<String> callIds = new LinkedHashSet<>();

	private final Deque<RecordTail.Observed> heldBack = new ArrayDeque<>();

	private CallFilter(String commandId, String callId) {
		if (commandId != null) {
			this.commandIds.add(commandId);
		}
		if (callId != null) {
			this.callIds.add(callId);
		}
	}

	/**
	 * Records of the call {@code callId} and of the call the command {@code commandId} is
	 * for; either may be null.
	 */
	static CallFilter of(String callId, String commandId) {
		return new CallFilter(commandId, callId);
	}

	/** Also the result of {@code commandId} (a later command on the watched call). */
	void watchCommand(String commandId) {
		this.commandIds.add(commandId);
	}

	/** What is watched, for the user. */
	String describe() {
		if (everything()) {
			return "every record";
		}
		StringBuilder watched = new StringBuilder();
		if (!this.commandIds.isEmpty()) {
			watched.append("command_id=").append(String.join(",", this.commandIds)).append(" and its call");
		}
		if (!this.callIds.isEmpty()) {
			watched.append((watched.length() > 0) ? ", " : "")
				.append("call_id=")
				.append(String.join(",", this.callIds));
		}
		return watched.toString();
	}

	boolean everything() {
		return this.commandIds.isEmpty() && this.callIds.isEmpty();
	}

	/**
	 * The records to show now that {@code observed} was read: none (held back), or it —
	 * followed, when it taught a call_id, by the held-back records of that call, in the
	 * order they were read.
	 */
	List<RecordTail.Observed> admit(RecordTail.Observed observed) {
		if (everything()) {
			return List.of(observed);
		}
		int known = this.callIds.size();
		if (!matches(observed.value())) {
			this.heldBack.addLast(observed);
			if (this.heldBack.size() > HELD_BACK) {
				this.heldBack.removeFirst();
			}
			return List.of();
		}
		List<RecordTail.Observed> shown = new ArrayList<>();
		shown.add(observed);
		if (this.callIds.size() > known) {
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

	/**
	 * Whether {@code value} (a decoded record, or null) belongs to the watched call;
	 * remembers its call if it does.
	 */
	boolean matches(Object value) {
		if (everything()) {
			return true;
		}
		if (value instanceof CommandResult result) {
			boolean matches = this.commandIds.contains(result.getCommandId());
			if (matches && result.getCallId() != null) {
				this.callIds.add(result.getCallId());
			}
			return matches;
		}
		if (value instanceof CallEvent event) {
			return contains(this.callIds, event.getCallId());
		}
		if (value instanceof CallLogRecord log) {
			return contains(this.callIds, log.getId());
		}
		return false;
	}

	private static boolean contains(Set<String> ids, String id) {
		return id != null && ids.contains(id);
	}

}
