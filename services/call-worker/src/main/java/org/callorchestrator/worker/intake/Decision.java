package org.callorchestrator.worker.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.callorchestrator.worker.results.CommandResultPublisher;

/**
 * What a command lane concluded about one record, to be written by the consumer's thread
 * inside a Kafka transaction: the lanes talk to Vobiz, only the consumer's thread writes
 * to Kafka.
 */
public sealed interface Decision {

	ConsumerRecord<String, byte[]> record();

	/** The bytes are not a command: dead-letter them. */
	record Undecodable(ConsumerRecord<String, byte[]> record, CommandFailure failure) implements Decision {
	}

	/**
	 * The record was concluded and committed before, but its offset was not (the worker
	 * stopped, or lost the partition, while an earlier record was still in flight):
	 * nothing to write, only the offset to commit.
	 */
	record AlreadyWritten(ConsumerRecord<String, byte[]> record) implements Decision {
	}

	/**
	 * The command's outcome is known already: re-emit its result (and make sure the
	 * outcome is recorded).
	 */
	record Duplicate(ConsumerRecord<String, byte[]> record, RecordedOutcome seen) implements Decision {
	}

	/**
	 * The command was applied or failed for good: its result, its dead letter when it
	 * failed, its outcome.
	 */
	record Concluded(ConsumerRecord<String, byte[]> record, String commandId, Conclusion conclusion,
			CommandResultPublisher.Published result, RecordedOutcome outcome) implements Decision {
	}

	/**
	 * Unexpected failures exhausted their retries: dead-letter the record as OTHER and
	 * publish its failure result (null when the record could not be decoded, so there is
	 * no command to report on). No outcome is recorded: a replay after the cause is fixed
	 * is tried afresh.
	 */
	record GaveUp(ConsumerRecord<String, byte[]> record, String commandId, CommandFailure failure,
			CommandResultPublisher.Published result) implements Decision {
	}

	/**
	 * Left undecided: it failed unexpectedly and, before it could be tried again, its
	 * consumer stopped or lost the record's partition. Nothing is written and its offset
	 * is not committed: the partition's owner gets it again.
	 */
	record Abandoned(ConsumerRecord<String, byte[]> record) implements Decision {
	}

}
