package org.callorchestrator.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadline.CommandDeadlines;
import org.callorchestrator.worker.deadline.Deadline;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.initiate.InitiateCommandHandler;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.results.CommandResultPublisher;
import org.callorchestrator.worker.results.CommandResults;
import org.callorchestrator.worker.validation.CommandValidator;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A command whose handling keeps failing unexpectedly (a bug, not Vobiz) still ends in
 * exactly one result: after its retries it is dead-lettered as OTHER and reported failed
 * on call.command-results. Broker-free: nothing is sent.
 */
class CommandDeciderGiveUpTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

	private final CommandOutcomes outcomes = new CommandOutcomes(
			new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("worker", WorkerSettings.class),
			Map.of(), new MockProducer<>(), null, CLOCK);

	private final CommandResultPublisher results = new CommandResultPublisher(null,
			(topic, value) -> ((CommandResult) value).getCommandId().getBytes());

	private final CommandDecider decider = new CommandDecider((topic, bytes) -> null, this.outcomes, this.results,
			new WorkerMetrics(new SimpleMeterRegistry()), 1);

	@AfterEach
	void stop() {
		this.outcomes.stop();
	}

	@Test
	void reportsACommandThatKeepsFailingUnexpectedlyAsFailedOnceItsRetriesAreSpent() {
		CallInitiateCommand command = command("cmd-1");
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.CALL_INITIATE, 0, 7L, "cmd-1", new byte[0]);
		Intake<CallInitiateCommand> intake = new Intake<>(record, command, null, null, "cmd-1");

		Failing failing = new Failing();
		Decision decision = this.decider.decide(intake, failing, () -> true);

		assertThat(failing.handled).as("the first attempt and its one retry").hasValue(2);
		assertThat(decision).isInstanceOfSatisfying(Decision.GaveUp.class, gaveUp -> {
			assertThat(gaveUp.failure().category()).isEqualTo(ErrorCategory.OTHER);
			assertThat(gaveUp.result()).isNotNull();
			assertThat(new String(gaveUp.result().value())).isEqualTo("cmd-1");
			assertThat(gaveUp.result().key()).isEqualTo("cmd-1");
		});
	}

	@Test
	void leavesARecordUndecidedWhenItsPartitionIsNoLongerItsConsumersBeforeARetry() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.CALL_INITIATE, 0, 8L, "cmd-2", new byte[0]);
		CallInitiateCommand command = command("cmd-2");
		Failing failing = new Failing();

		Decision decision = this.decider.decide(new Intake<>(record, command, null, null, "cmd-2"), failing,
				() -> false);

		assertThat(failing.handled).as("not tried again: no request for a result that would be dropped").hasValue(1);
		assertThat(decision).isEqualTo(new Decision.Abandoned(record));
	}

	private static CallInitiateCommand command(String commandId) {
		return TestCommands.initiate().setCommandId(commandId).setRequestedAt(CLOCK.instant()).build();
	}

	/**
	 * The real initiate handler (its name, keys, validation and failure results), whose
	 * handling throws every time, as a bug would.
	 */
	private static final class Failing extends InitiateCommandHandler {

		final AtomicInteger handled = new AtomicInteger();

		Failing() {
			this(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("worker", WorkerSettings.class),
					new WorkerMetrics(new SimpleMeterRegistry()));
		}

		private Failing(WorkerSettings settings, WorkerMetrics metrics) {
			super(null, null, new CommandValidator(), null, null, new CommandResults(CLOCK),
					new CommandDeadlines(settings, metrics, CLOCK), metrics, settings);
		}

		@Override
		public Conclusion handle(CallInitiateCommand command, boolean possiblySentBefore, Deadline deadline) {
			this.handled.incrementAndGet();
			throw new IllegalStateException("a bug");
		}

	}

}
