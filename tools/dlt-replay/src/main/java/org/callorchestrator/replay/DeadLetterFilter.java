package org.callorchestrator.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters an operation applies to; every criterion given must hold (empty =
 * any).
 *
 * @param from dead-lettered at or after
 * @param until dead-lettered before
 * @param categories error categories (x-error-category)
 * @param exception substring of the exception class (kafka_dlt-exception-fqcn)
 * @param code Vobiz or Meta code (x-error-code)
 * @param commandIds command ids
 * @param keys record keys
 * @param originalPartition partition of the original topic
 */
public record DeadLetterFilter(Instant from, Instant until, Set<String> categories, String exception, String code,
		Set<String> commandIds, Set<String> keys, Integer originalPartition) {

	public DeadLetterFilter {
		categories = (categories != null) ? Set.copyOf(categories) : Set.of();
		commandIds = (commandIds != null) ? Set.copyOf(commandIds) : Set.of();
		keys = (keys != null) ? Set.copyOf(keys) : Set.of();
	}

	public static DeadLetterFilter any() {
		return new DeadLetterFilter(null, null, null, null, null, null, null, null);
	}

	public boolean matches(DeadLetter letter) {
		Instant at = letter.deadLetteredAt();
		return (this.from == null || !at.isBefore(this.from)) && (this.until == null || at.isBefore(this.until))
				&& (this.categories.isEmpty() || contains(this.categories, letter.category()))
				&& (this.exception == null
						|| (letter.exception() != null && letter.exception().contains(this.exception)))
				&& (this.code == null || this.code.equals(letter.code()))
				&& (this.commandIds.isEmpty() || contains(this.commandIds, letter.commandId()))
				&& (this.keys.isEmpty() || contains(this.keys, letter.key()))
				&& (this.originalPartition == null || this.originalPartition.equals(letter.originalPartition()));
	}

	/**
	 * Immutable sets throw on a null lookup; a letter without the header simply does not
	 * match.
	 */
	private static boolean contains(Set<String> wanted, String value) {
		return value != null && wanted.contains(value);
	}

	/** A compact description for the audit trail. */
	public String describe() {
		List<String> parts = new ArrayList<>();
		if (this.from != null) {
			parts.add("from=" + this.from);
		}
		if (this.until != null) {
			parts.add("until=" + this.until);
		}
		if (!this.categories.isEmpty()) {
			parts.add("category=" + String.join(",", new TreeSet<>(this.categories)));
		}
		if (this.exception != null) {
			parts.add("exception=" + this.exception);
		}
		if (this.code != null) {
			parts.add("code=" + this.code);
		}
		if (!this.commandIds.isEmpty()) {
			parts.add("command-ids=" + this.commandIds.size());
		}
		if (!this.keys.isEmpty()) {
			parts.add("keys=" + this.keys.size());
		}
		if (this.originalPartition != null) {
			parts.add("original-partition=" + this.originalPartition);
		}
		return parts.isEmpty() ? "all" : String.join(" ", parts);
	}

}
