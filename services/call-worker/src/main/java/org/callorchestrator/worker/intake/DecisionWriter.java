package org.callorchestrator.worker.intake;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.header.Header;
import org.callorchestrator.worker.deadletter.DeadLetterPublisher;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.results.CommandResultPublisher;

/**
 * Writes what the {@link CommandDecider} decided, on the consumer's thread, inside the
 * consumer's Kafka transaction: the result on call.command-results, the dead letter and
 * the recorded outcome, which commit with the record's offset — or not at all. Exactly
 * one result per decided command; an {@link Decision.AlreadyWritten} record writes
 * nothing. The result carries the trace headers of the span the command was decided in;
 * the dead letter keeps the record's own headers, and gets those only when the record had
 * no trace of its own.
 */
public final class DecisionWriter {

	private final CommandOutcomes outcomes;

	private final CommandResultPublisher results;

	private final DeadLetterPublisher deadLetters;

	private final WorkerMetrics metrics;

	public DecisionWriter(CommandOutcomes outcomes, CommandResultPublisher results, DeadLetterPublisher deadLetters,
			WorkerMetrics metrics) {
		this.outcomes = outcomes;
		this.results = results;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	/**
	 * Writes what {@code decision} calls for through the current Kafka transaction
	 * (consumer's thread). An {@link Decision.Abandoned} record is never handed here: it
	 * has nothing to write.
	 * @param trace the trace headers of the span the decision was made in (empty without
	 * tracing)
	 */
	public void write(Decision decision, List<Header> trace, Consumer<?, ?> consumer, CommandKind<?> kind) {
		switch (decision) {
			case Decision.AlreadyWritten alreadyWritten -> this.metrics.command(kind.name(), "already_written");
			case Decision.Undecodable undecodable -> {
				this.deadLetters.publish(undecodable.record(), consumer, undecodable.failure(), null, trace);
				this.metrics.deadLettered(kind.name(), undecodable.failure().category());
				this.metrics.command(kind.name(), "undecodable");
			}
			case Decision.Duplicate duplicate -> {
				this.results.send(duplicate.seen().resultKey(), duplicate.seen().result(), trace);
				this.outcomes.write(duplicate.seen());
				this.metrics.command(kind.name(), "duplicate");
			}
			case Decision.Concluded concluded -> {
				this.results.send(concluded.result().key(), concluded.result().value(), trace);
				switch (concluded.conclusion()) {
					case Conclusion.Failed failed -> {
						this.deadLetters.publish(concluded.record(), consumer, failed.failure(), concluded.commandId(),
								trace);
						this.metrics.deadLettered(kind.name(), failed.failure().category());
						this.metrics.command(kind.name(), "failed_" + failed.failure().category().name().toLowerCase());
					}
					case Conclusion.Applied applied -> this.metrics.command(kind.name(), "applied");
				}
				this.outcomes.write(concluded.outcome());
			}
			case Decision.GaveUp gaveUp -> {
				if (gaveUp.result() != null) {
					this.results.send(gaveUp.result().key(), gaveUp.result().value(), trace);
				}
				this.deadLetters.publish(gaveUp.record(), consumer, gaveUp.failure(), gaveUp.commandId(), trace);
				this.metrics.deadLettered(kind.name(), gaveUp.failure().category());
				this.metrics.command(kind.name(), "failed_other");
			}
			case Decision.Abandoned abandoned ->
				throw new IllegalArgumentException("An abandoned record has nothing to write: " + abandoned.record());
		}
	}

}
