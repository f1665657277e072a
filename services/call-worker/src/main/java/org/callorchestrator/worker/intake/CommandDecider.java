package org.callorchestrator.worker.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.results.CommandResultPublisher;
import org.callorchestrator.worker.retry.Pause;
import org.callorchestrator.worker.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Decides what each command record comes to, writing nothing: {@link #take} on the
 * consumer's thread (decode the record, choose its lane: one call for actions, one
 * command for initiates), then {@link #decide} on the lane's thread (records of one lane
 * one after the other, in offset order, lanes in parallel; this is where Vobiz is
 * called). What it decides, a {@link Decision}, the {@link DecisionWriter} writes on the
 * consumer's thread.
 *
 * <p>
 * A command whose outcome is already recorded is not sent again: its recorded result is
 * re-emitted byte for byte (same result id); an outcome an earlier version recorded as a
 * call.events {@code CallEvent} has its result rebuilt once from it ({@link #asResult}).
 * The exceptions: a dead letter replayed by ops ({@code x-replay-id} header), whose
 * recorded <em>failure</em> is retried; and the redelivery of a record whose outcome was
 * committed but not its offset, for which nothing is written again. Outcomes are
 * remembered in memory as soon as a lane concludes, so a record met again before its
 * transaction committed is re-emitted rather than sent to Vobiz again. Thread-safe: lanes
 * call it concurrently.
 */
public final class CommandDecider {

	private static final Logger log = LoggerFactory.getLogger(CommandDecider.class);

	private final CommandDecoder decoder;

	private final LegacyRecordedEvents legacy;

	private final CommandOutcomes outcomes;

	private final CommandResultPublisher results;

	private final ResultSerialization serialization;

	private final WorkerMetrics metrics;

	private final UnexpectedFailures unexpected;

	/**
	 * @param avroDeserializer the project's Avro deserializer, reading specific records:
	 * decodes the commands and tells the form of a duplicate's recorded outcome
	 */
	public CommandDecider(Deserializer<Object> avroDeserializer, CommandOutcomes outcomes,
			CommandResultPublisher results, WorkerMetrics metrics, int infrastructureRetries) {
		this.decoder = new CommandDecoder(avroDeserializer);
		this.legacy = new LegacyRecordedEvents(avroDeserializer);
		this.outcomes = outcomes;
		this.results = results;
		this.serialization = new ResultSerialization(results);
		this.metrics = metrics;
		this.unexpected = new UnexpectedFailures(infrastructureRetries);
	}

	/** Decodes {@code record} and chooses its lane; never throws. */
	public <C> Intake<C> take(ConsumerRecord<String, byte[]> record, CommandKind<C> kind) {
		try {
			C command = this.decoder.decode(record, kind.type());
			return new Intake<>(record, command, null, null, kind.laneKey(command));
		}
		catch (UndecodableCommandException ex) {
			return new Intake<>(record, null, ex, null, offsetLane(record));
		}
		catch (RuntimeException ex) {
			return new Intake<>(record, null, null, ex, offsetLane(record));
		}
	}

	private static String offsetLane(ConsumerRecord<?, ?> record) {
		return "record:" + record.partition() + "@" + record.offset();
	}

	/**
	 * Concludes one record (calling Vobiz as needed), on its lane; never throws. An
	 * unexpected failure is tried again after a back-off ({@link UnexpectedFailures})
	 * while {@code stillMine} holds — the consumer runs and owns the record's partition,
	 * so no request leaves for a record whose result would be dropped — and dead-lettered
	 * as OTHER once its retries are spent.
	 */
	public <C> Decision decide(Intake<C> intake, CommandKind<C> kind, BooleanSupplier stillMine) {
		BackOffExecution retries = this.unexpected.forRecord();
		for (int attempt = 1;; attempt++) {
			ConsumerRecord<String, byte[]> record = intake.record();
			RuntimeException failure;
			try {
				return decideOnce(intake, kind);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			long wait = retries.nextBackOff();
			if (wait == BackOffExecution.STOP) {
				String commandId = (intake.command() != null) ? kind.commandId(intake.command()) : null;
				return gaveUp(record, commandId, failure,
						(intake.command() != null) ? f -> kind.failed(intake.command(), f).result() : null);
			}
			log.warn("Unexpected failure of {}-{}@{} (attempt {}): trying again in {} ms", record.topic(),
					record.partition(), record.offset(), attempt, wait, failure);
			if (!stillMine.getAsBoolean() || !Pause.interruptibly(Duration.ofMillis(wait))
					|| !stillMine.getAsBoolean()) {
				log.info("Leaving {}-{}@{} undecided: its consumer stopped or lost the partition", record.topic(),
						record.partition(), record.offset());
				return new Decision.Abandoned(record);
			}
		}
	}

	/** One attempt at concluding the record; throws what failed unexpectedly. */
	private <C> Decision decideOnce(Intake<C> intake, CommandKind<C> kind) {
		ConsumerRecord<String, byte[]> record = intake.record();
		if (intake.undecodable() != null) {
			log.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), intake.undecodable().getMessage());
			return new Decision.Undecodable(record, new CommandFailure(ErrorCategory.VALIDATION, "UNDECODABLE", null,
					"Undecodable record: " + intake.undecodable().getMessage(), false, 0));
		}
		if (intake.failure() != null) {
			throw intake.failure();
		}
		String commandId = kind.commandId(intake.command());
		MDC.put("command_id", commandId);
		MDC.put("call_id", kind.callId(intake.command()));
		WorkerMetrics.InFlight inFlight = this.metrics.begin();
		try {
			return decideDecoded(record, kind, intake.command(), commandId);
		}
		finally {
			inFlight.close();
			MDC.remove("command_id");
			MDC.remove("call_id");
		}
	}

	/**
	 * @param resultOf the failure result of the decoded command (null when it could not
	 * be decoded): a command that gives up still ends in exactly one result
	 */
	private Decision gaveUp(ConsumerRecord<String, byte[]> record, String commandId, RuntimeException ex,
			Function<CommandFailure, CommandResult> resultOf) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		log.error("Dead-lettering {}-{}@{} after repeated unexpected failures", record.topic(), record.partition(),
				record.offset(), ex);
		CommandFailure failure = new CommandFailure(ErrorCategory.OTHER, cause.getClass().getSimpleName(), null,
				"Unexpected failure after retries: " + cause.getMessage(), true, 0);
		return new Decision.GaveUp(record, commandId, failure,
				(resultOf != null) ? this.serialization.untilDone(resultOf.apply(failure)) : null);
	}

	private <C> Decision decideDecoded(ConsumerRecord<String, byte[]> record, CommandKind<C> kind, C command,
			String commandId) {
		Optional<RecordedOutcome> seen = this.outcomes.find(commandId);
		if (seen.isPresent() && seen.get().committedFor(sourceOf(record))) {
			log.info("Record concluded and committed before its offset: nothing to write again");
			return new Decision.AlreadyWritten(record);
		}
		if (seen.isPresent() && seen.get().isFinal() && !isReplayOfFailure(record, seen.get())) {
			log.info("Command seen before ({}): re-emitting its result without calling Vobiz", seen.get().state());
			return new Decision.Duplicate(record, asResult(seen.get(), kind, command));
		}
		List<Violation> violations = kind.validate(command);
		Conclusion conclusion;
		if (!violations.isEmpty()) {
			String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
			conclusion = kind.failed(command, CommandFailure.validation(message));
		}
		else {
			boolean possiblySentBefore = seen.isPresent() && !seen.get().isFinal();
			conclusion = kind.handle(command, possiblySentBefore, kind.deadlineOf(command, record.headers()));
		}
		CommandResult result = conclusion.result();
		CommandResultPublisher.Published published = this.serialization.untilDone(result);
		RecordedOutcome.State state;
		switch (conclusion) {
			case Conclusion.Failed failed -> {
				log.warn("Command failed ({}): {}", failed.failure().category(), failed.failure().message());
				state = RecordedOutcome.State.FAILED;
			}
			case Conclusion.Applied applied -> {
				log.info("Command applied: call {} is {}", result.getCallId(), result.getStatus());
				state = RecordedOutcome.State.SUCCEEDED;
			}
		}
		RecordedOutcome outcome = RecordedOutcome.concluded(commandId, state, result.getCallId(), published.key(),
				published.value(), result.getOccurredAt(), sourceOf(record));
		this.outcomes.remember(outcome);
		return new Decision.Concluded(record, commandId, conclusion, published, outcome);
	}

	/**
	 * The recorded outcome to re-emit for a duplicate, holding a {@code CommandResult}.
	 * An outcome recorded before results moved to call.command-results holds the
	 * {@code CallEvent} then published on call.events: re-emitting those bytes would put
	 * a CallEvent on call.command-results, and concluding the command afresh would call
	 * Vobiz again. So its result is rebuilt from what was recorded — the event's call id,
	 * status, error, from/to, time and attributes; the command's type, action and
	 * channel; the result id, like the event id, from the command id — without calling
	 * Vobiz; the rebuilt outcome is remembered and written back in place of the old one
	 * (same state, call, time and source), so a later duplicate re-emits the same result
	 * bytes. Only what is written to call.command-results changes: no dead letter is
	 * written again for a recorded failure (it was written when the command failed).
	 */
	private <C> RecordedOutcome asResult(RecordedOutcome seen, CommandKind<C> kind, C command) {
		Optional<CallEvent> recorded = this.legacy.of(seen);
		if (recorded.isEmpty()) {
			return seen;
		}
		log.info("Recorded outcome predates call.command-results: rebuilding its result from the recorded event");
		CommandResult result = kind.fromRecordedEvent(command, recorded.get(),
				seen.state() == RecordedOutcome.State.SUCCEEDED);
		CommandResultPublisher.Published published = this.results.serialize(result);
		RecordedOutcome rebuilt = seen.withResult(published.key(), published.value());
		this.outcomes.remember(rebuilt);
		return rebuilt;
	}

	static String sourceOf(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	private static boolean isReplayOfFailure(ConsumerRecord<String, byte[]> record, RecordedOutcome seen) {
		Header replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID);
		return seen.state() == RecordedOutcome.State.FAILED && replay != null
				&& !new String(replay.value(), StandardCharsets.UTF_8).isBlank();
	}

}
