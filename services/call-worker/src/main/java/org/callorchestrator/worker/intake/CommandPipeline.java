package org.callorchestrator.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadletter.DeadLetterPublisher;
import org.callorchestrator.worker.events.CallEventPublisher;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one consumed command record into exactly one outcome. Runs on the listener thread inside the container's
 * Kafka transaction, so the event, the dead letter, the recorded outcome and the consumed offset commit together or
 * not at all.
 *
 * <p>A command whose outcome is already recorded is not sent again: its recorded event is re-emitted byte for byte
 * (same event id). The exception is a dead letter replayed by ops ({@code x-replay-id} header): a recorded
 * <em>failure</em> is then retried, a recorded success still only re-emitted.
 */
public final class CommandPipeline {

	private static final Logger log = LoggerFactory.getLogger(CommandPipeline.class);

	private final CommandDecoder decoder;

	private final CommandOutcomes outcomes;

	private final CallEventPublisher events;

	private final DeadLetterPublisher deadLetters;

	private final WorkerMetrics metrics;

	public CommandPipeline(CommandDecoder decoder, CommandOutcomes outcomes, CallEventPublisher events,
			DeadLetterPublisher deadLetters, WorkerMetrics metrics) {
		this.decoder = decoder;
		this.outcomes = outcomes;
		this.events = events;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	public <C> void process(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, CommandKind<C> kind) {
		C command;
		try {
			command = this.decoder.decode(record, kind.type());
		}
		catch (UndecodableCommandException ex) {
			log.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			CommandFailure failure = new CommandFailure(ErrorCategory.VALIDATION, "UNDECODABLE", null,
					"Undecodable record: " + ex.getMessage(), false, 0);
			this.deadLetters.publish(record, consumer, failure, null);
			this.metrics.deadLettered(kind.name(), failure.category());
			this.metrics.command(kind.name(), "undecodable");
			return;
		}
		String commandId = kind.commandId(command);
		MDC.put("command_id", commandId);
		MDC.put("call_id", kind.callId(command));
		try {
			processDecoded(record, consumer, kind, command, commandId);
		}
		finally {
			MDC.remove("command_id");
			MDC.remove("call_id");
		}
	}

	private <C> void processDecoded(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer,
			CommandKind<C> kind, C command, String commandId) {
		Optional<RecordedOutcome> seen = this.outcomes.find(commandId);
		if (seen.isPresent() && seen.get().isFinal() && !isReplayOfFailure(record, seen.get())) {
			log.info("Command seen before ({}): re-emitting its outcome without calling Vobiz", seen.get().state());
			this.events.republish(seen.get().eventKey(), seen.get().event());
			this.metrics.command(kind.name(), "duplicate");
			return;
		}
		List<Violation> violations = kind.validate(command);
		CommandResult result;
		if (!violations.isEmpty()) {
			String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
			result = kind.failed(command, CommandFailure.validation(message));
		}
		else {
			boolean possiblySentBefore = seen.isPresent() && !seen.get().isFinal();
			result = kind.handle(command, possiblySentBefore);
		}
		CallEvent event = result.event();
		CallEventPublisher.Published published = this.events.publish(event);
		if (result instanceof CommandResult.Failed failed) {
			log.warn("Command failed ({}): {}", failed.failure().category(), failed.failure().message());
			this.deadLetters.publish(record, consumer, failed.failure(), commandId);
			this.metrics.deadLettered(kind.name(), failed.failure().category());
			this.metrics.command(kind.name(), "failed_" + failed.failure().category().name().toLowerCase());
			this.outcomes.record(new RecordedOutcome(commandId, RecordedOutcome.State.FAILED, event.getCallId(),
					published.key(), published.value(), event.getOccurredAt()));
		}
		else {
			log.info("Command applied: call {} is {}", event.getCallId(), event.getStatus());
			this.metrics.command(kind.name(), "applied");
			this.outcomes.record(new RecordedOutcome(commandId, RecordedOutcome.State.SUCCEEDED, event.getCallId(),
					published.key(), published.value(), event.getOccurredAt()));
		}
	}

	private static boolean isReplayOfFailure(ConsumerRecord<String, byte[]> record, RecordedOutcome seen) {
		Header replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID);
		return seen.state() == RecordedOutcome.State.FAILED && replay != null
				&& !new String(replay.value(), StandardCharsets.UTF_8).isBlank();
	}

}
