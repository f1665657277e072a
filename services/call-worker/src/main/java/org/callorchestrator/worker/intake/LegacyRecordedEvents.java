package org.callorchestrator.worker.intake;

import java.util.Optional;

import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.worker.idempotency.RecordedOutcome;

/**
 * Tells the two forms of a recorded outcome's bytes apart by their writer schema (the
 * registry id they carry): a {@link CommandResult}, as recorded since results are
 * published on call.command-results, or the {@link CallEvent} that an earlier version
 * published on call.events and recorded. Only a duplicate command's outcome is read, so
 * the cost (a schema lookup, cached per id) is paid rarely. Thread-safe.
 */
final class LegacyRecordedEvents {

	private final Deserializer<Object> deserializer;

	LegacyRecordedEvents(Deserializer<Object> deserializer) {
		this.deserializer = deserializer;
	}

	/**
	 * The recorded {@code CallEvent} when {@code outcome} was recorded before results
	 * moved to call.command-results; empty when it holds a {@code CommandResult}. An
	 * unreachable registry propagates (the record is retried); bytes that are neither
	 * form raise an {@link IllegalStateException}.
	 */
	Optional<CallEvent> of(RecordedOutcome outcome) {
		// the topic name only labels failure messages: the bytes carry their schema id
		Object recorded = this.deserializer.deserialize("outcome of command " + outcome.commandId(), outcome.result());
		if (recorded instanceof CommandResult) {
			return Optional.empty();
		}
		if (recorded instanceof CallEvent event) {
			return Optional.of(event);
		}
		throw new IllegalStateException("The recorded outcome of command " + outcome.commandId()
				+ " holds neither a CommandResult nor a CallEvent but a "
				+ ((recorded != null) ? recorded.getClass().getName() : "null"));
	}

}
