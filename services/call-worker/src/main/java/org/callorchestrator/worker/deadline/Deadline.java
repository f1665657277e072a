package org.callorchestrator.worker.deadline;

import java.time.Duration;
import java.time.Instant;

/**
 * Until when one command may still be sent to Vobiz, and where that time comes from.
 *
 * @param at the latest time a request of the command may leave; null: no deadline
 * @param basis where {@code at} comes from, for the dead letter's message
 * ({@code expires_at}, {@code x-expires-at header}, {@code requested_at + PT5M})
 */
public record Deadline(Instant at, String basis) {

	/** A command without a deadline: today's behaviour, sent however late. */
	public static final Deadline NONE = new Deadline(null, "none");

	/** Whether the deadline has passed at {@code now} (never, without one). */
	public boolean passed(Instant now) {
		return this.at != null && now.isAfter(this.at);
	}

	/** How far past the deadline {@code now} is (zero when it has not passed). */
	public Duration lateBy(Instant now) {
		return passed(now) ? Duration.between(this.at, now) : Duration.ZERO;
	}

	/**
	 * {@code wait}, cut short so that it ends at the deadline at the latest: a command
	 * waiting to retry stops waiting when its deadline passes.
	 */
	public Duration capped(Duration wait, Instant now) {
		if (this.at == null) {
			return wait;
		}
		Duration left = Duration.between(now, this.at).plusMillis(1);
		return (left.isNegative()) ? Duration.ZERO : (left.compareTo(wait) < 0) ? left : wait;
	}

	@Override
	public String toString() {
		return (this.at == null) ? "no deadline" : this.at + " (" + this.basis + ")";
	}

}
