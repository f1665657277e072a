package org.callorchestrator.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Option;

/** The dead-letter selection shared by list and replay. */
final class FilterOptions {

	@Option(names = "--topic", description = "Dead-letter topic(s) (default: ${DEFAULT-VALUE})",
			defaultValue = Topics.CALL_INITIATE_DLT + "," + Topics.CALL_ACTION_DLT, split = ",")
	List<String> topics;

	@Option(names = "--from", description = "Dead-lettered at or after (ISO-8601, e.g. 2026-11-24T10:00:00Z)")
	Instant from;

	@Option(names = "--until", description = "Dead-lettered before (ISO-8601)")
	Instant until;

	@Option(names = "--category", split = ",",
			description = "Error categories: VALIDATION, REJECTED, RETRIES_EXHAUSTED, OUTCOME_UNKNOWN, QUOTA, PERMISSION, OTHER, EXPIRED")
	Set<String> categories;

	@Option(names = "--exception", description = "Substring of the exception class")
	String exception;

	@Option(names = "--code", description = "Vobiz or Meta error code, e.g. 138006")
	String code;

	@Option(names = "--command-id", split = ",", description = "Command id(s)")
	Set<String> commandIds;

	@Option(names = "--key", split = ",", description = "Record key(s)")
	Set<String> keys;

	@Option(names = "--original-partition", description = "Partition of the original topic")
	Integer originalPartition;

	DeadLetterFilter filter() {
		return new DeadLetterFilter(this.from, this.until, this.categories, this.exception, this.code, this.commandIds,
				this.keys, this.originalPartition);
	}

}
