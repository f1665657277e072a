package org.callorchestrator.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.CallActionResponse;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizCalls;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.action.ActionCommandHandler;
import org.callorchestrator.worker.concurrency.KeyedLanes;
import org.callorchestrator.worker.deadletter.DeadLetterPublisher;
import org.callorchestrator.worker.deadline.CommandDeadlines;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.initiate.InitiateCommandHandler;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.results.CommandResultPublisher;
import org.callorchestrator.worker.results.CommandResults;
import org.callorchestrator.worker.retry.RetryPauses;
import org.callorchestrator.worker.retry.VobizAttempts;
import org.callorchestrator.worker.retry.VobizOutage;
import org.callorchestrator.worker.trace.CommandTrace;
import org.callorchestrator.worker.validation.CommandValidator;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The consumer loop without a broker: a {@link MockConsumer} feeds it, a transactional
 * {@link MockProducer} per transaction records what it commits, the real initiate handler
 * calls a scripted Vobiz through {@link VobizCalls}. Each test drives one scenario of the
 * loop's guarantees (CommandConsumer's Javadoc).
 */
class CommandConsumerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Clock clock = Clock.systemUTC();

	/** The commands the records' bytes stand for (the bytes are the command id). */
	private final Map<String, Object> commands = new ConcurrentHashMap<>();

	private final ScriptedVobiz vobiz = new ScriptedVobiz();

	private final List<MockProducer<String, byte[]>> transactions = new CopyOnWriteArrayList<>();

	private final MockProducer<String, byte[]> markers = new MockProducer<>(true, null, new StringSerializer(),
			new ByteArraySerializer());

	private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {

		/**
		 * A real poll waits up to its timeout for records; the mock returns at once: 1 ms
		 * keeps the loop cool.
		 */
		@Override
		public ConsumerRecords<String, byte[]> poll(Duration timeout) {
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
			return super.poll(timeout);
		}

	};

	private KeyedLanes lanes;

	private CommandOutcomes outcomes;

	private TopicPartition partition = new TopicPartition(Topics.CALL_INITIATE, 0);

	private CommandConsumer<?> loop;

	private Thread thread;

	@AfterEach
	void stop() throws InterruptedException {
		this.vobiz.release();
		if (this.loop != null) {
			this.loop.stop();
			this.thread.join(WAIT.toMillis());
		}
		if (this.lanes != null) {
			this.lanes.destroy();
		}
		if (this.outcomes != null) {
			this.outcomes.stop();
		}
	}

	@Test
	void commitsEachCommandsResultWithItsOffsetInATransaction() {
		start(Map.of(), () -> {
		});
		assign();
		produce("cmd-1", "cmd-2", "cmd-3");

		await().atMost(WAIT).until(() -> committedOffset() == 3);
		assertThat(committedResultsOf()).containsExactlyInAnyOrder("cmd-1", "cmd-2", "cmd-3");
		assertThat(this.vobiz.dialled).containsExactlyInAnyOrder("cmd-1", "cmd-2", "cmd-3");
	}

	@Test
	void sendsACommandMetTwiceInOnePollToVobizOnceAndReportsItTwiceWithTheSameResult() {
		start(Map.of(), () -> {
		});
		assign();
		produce("cmd-1", "cmd-1");

		await().atMost(WAIT).until(() -> committedOffset() == 2);
		assertThat(this.vobiz.dialled).containsExactly("cmd-1");
		assertThat(committedResultsOf()).containsExactly("cmd-1", "cmd-1");
	}

	@Test
	void consumesANewlyAssignedPartitionOnlyOnceTheOutcomeMirrorCaughtUp() {
		CountDownLatch caughtUp = new CountDownLatch(1);
		start(Map.of(), () -> awaitLatch(caughtUp));
		assign();
		produce("cmd-1");

		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> this.vobiz.dialled.isEmpty());
		caughtUp.countDown();
		await().atMost(WAIT).until(() -> committedOffset() == 1);
		assertThat(this.vobiz.dialled).containsExactly("cmd-1");
	}

	@Test
	void pausesItsPartitionsAtMaxInFlightAndResumesThemWhenRoomIsMade() {
		start(Map.of("worker.concurrency.max-in-flight", "1"), () -> {
		});
		this.vobiz.hold();
		assign();
		produce("cmd-1", "cmd-2");

		await().atMost(WAIT).until(() -> this.vobiz.dialled.size() == 1 && !pausedPartitions().isEmpty());
		assertThat(pausedPartitions()).containsExactly(this.partition);
		this.vobiz.release();

		await().atMost(WAIT).until(() -> committedOffset() == 2);
		await().atMost(WAIT).until(() -> pausedPartitions().isEmpty());
		assertThat(this.vobiz.mostAtOnce).as("requests in flight at once").hasValue(1);
		assertThat(committedResultsOf()).containsExactlyInAnyOrder("cmd-1", "cmd-2");
	}

	@Test
	void commitsARecordInFlightBeforeGivingUpItsPartition() {
		start(Map.of("worker.concurrency.drain-timeout", "10s"), () -> {
		});
		this.vobiz.hold();
		assign();
		produce("cmd-1");
		await().atMost(WAIT).until(() -> this.vobiz.dialled.size() == 1);

		AtomicBoolean revoking = new AtomicBoolean();
		AtomicInteger committedWhenRevoked = new AtomicInteger(-1);
		this.consumer.schedulePollTask(() -> {
			revoking.set(true);
			this.consumer.rebalance(List.of());
			committedWhenRevoked.set(committedResultsOf().size());
		});
		await().atMost(WAIT).untilTrue(revoking);
		this.vobiz.release();

		await().atMost(WAIT).until(() -> committedWhenRevoked.get() >= 0);
		assertThat(committedWhenRevoked).as("results committed before the partition went").hasValue(1);
		assertThat(committedOffset()).isEqualTo(1);
	}

	@Test
	void leavesARecordStillRunningAfterTheDrainTimeoutUncommittedForTheNextOwner() {
		start(Map.of("worker.concurrency.drain-timeout", "200ms"), () -> {
		});
		this.vobiz.hold();
		assign();
		produce("cmd-1");
		await().atMost(WAIT).until(() -> this.vobiz.dialled.size() == 1);

		AtomicBoolean revoked = new AtomicBoolean();
		this.consumer.schedulePollTask(() -> {
			this.consumer.rebalance(List.of());
			revoked.set(true);
		});
		await().atMost(WAIT).untilTrue(revoked);
		this.vobiz.release();

		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> committedResultsOf().isEmpty());
		assertThat(committedOffset()).as("no offset committed for the record left behind").isEqualTo(-1);
		assertThat(this.markers.history()).as("its IN_FLIGHT marker, which makes the next owner reconcile")
			.extracting(ProducerRecord::key)
			.containsExactly("cmd-1");
	}

	@Test
	void appliesOneCallsActionsOneAfterTheOtherInOffsetOrder() {
		this.partition = new TopicPartition(Topics.CALL_ACTION, 0);
		start(Map.of(), () -> {
		});
		this.vobiz.hold();
		assign();
		this.consumer.schedulePollTask(() -> {
			this.consumer.addRecord(action(0, "cmd-1", CallAction.PRE_ACCEPT));
			this.consumer.addRecord(action(1, "cmd-2", CallAction.ACCEPT));
			this.consumer.addRecord(action(2, "cmd-3", CallAction.TERMINATE));
		});

		await("the call's later actions waiting behind its first").during(Duration.ofMillis(300))
			.atMost(WAIT)
			.until(() -> this.vobiz.actions.equals(List.of("pre_accept")));
		this.vobiz.release();

		await().atMost(WAIT).until(() -> committedOffset() == 3);
		assertThat(this.vobiz.actions).containsExactly("pre_accept", "accept", "terminate");
		assertThat(committedResultsOf()).containsExactly("cmd-1", "cmd-2", "cmd-3");
	}

	/**
	 * Builds the loop over the real decider, writer and handler of {@link #partition}'s
	 * topic, on its own thread.
	 */
	private void start(Map<String, String> overrides, Runnable catchUp) {
		Map<String, String> properties = new HashMap<>(
				Map.of("worker.concurrency.commit-interval", "5ms", "worker.concurrency.drain-timeout", "5s"));
		properties.putAll(overrides);
		WorkerSettings settings = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("worker",
				WorkerSettings.class);
		WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
				new MockProducerFactory<>((transactional, id) -> transaction(), "worker-tx-"));
		this.outcomes = new CommandOutcomes(settings, Map.of(), this.markers, template, this.clock);
		CommandResultPublisher results = new CommandResultPublisher(template,
				(topic, value) -> ((CommandResult) value).getCommandId().getBytes(StandardCharsets.UTF_8));
		CommandDecider decider = new CommandDecider(
				(topic, bytes) -> this.commands.get(new String(bytes, StandardCharsets.UTF_8)), this.outcomes, results,
				metrics, 1);
		DecisionWriter writer = new DecisionWriter(this.outcomes, results, new DeadLetterPublisher(template), metrics);
		VobizAttempts attempts = new VobizAttempts(
				new RetryPauses(settings, metrics, this.clock, new VobizOutage(settings, metrics, this.clock)),
				settings, this.clock);
		CommandDeadlines deadlines = new CommandDeadlines(settings, metrics, this.clock);
		CommandKind<?> kind = this.partition.topic().equals(Topics.CALL_ACTION)
				? new ActionCommandHandler(this.vobiz, attempts, new CommandValidator(), this.outcomes, null,
						new CommandResults(this.clock), deadlines, metrics)
				: new InitiateCommandHandler(this.vobiz, attempts, new CommandValidator(), this.outcomes, null,
						new CommandResults(this.clock), deadlines, metrics, settings);
		this.lanes = new KeyedLanes(settings);
		this.loop = new CommandConsumer<>(this.consumer, this.partition.topic(), kind, decider, writer,
				CommandTrace.none(), this.lanes, template, catchUp, metrics, settings.concurrency().maxInFlight(),
				settings.concurrency().commitInterval(), settings.concurrency().drainTimeout(), () -> false);
		this.thread = new Thread(this.loop, "command-consumer-test");
		this.thread.start();
	}

	/**
	 * A new transactional producer per transaction: the template closes each one when its
	 * transaction ends.
	 */
	private MockProducer<String, byte[]> transaction() {
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer());
		producer.initTransactions();
		this.transactions.add(producer);
		return producer;
	}

	private void assign() {
		this.consumer.updateBeginningOffsets(Map.of(this.partition, 0L));
		this.consumer.schedulePollTask(() -> this.consumer.rebalance(List.of(this.partition)));
	}

	/** Initiates with these command ids, at offsets 0, 1, …, in one poll. */
	private void produce(String... commandIds) {
		this.consumer.schedulePollTask(() -> {
			for (int offset = 0; offset < commandIds.length; offset++) {
				this.consumer.addRecord(record(offset, commandIds[offset]));
			}
		});
	}

	private ConsumerRecord<String, byte[]> record(long offset, String commandId) {
		this.commands.put(commandId,
				CallInitiateCommand.newBuilder()
					.setCommandId(commandId)
					.setChannelId(TestCommands.CHANNEL_ID)
					.setTo("+919876543210")
					.setSdpOffer("v=0 " + commandId)
					.setRequestedAt(this.clock.instant())
					.build());
		return new ConsumerRecord<>(Topics.CALL_INITIATE, 0, offset, commandId,
				commandId.getBytes(StandardCharsets.UTF_8));
	}

	/** An action on the call {@code call-A}, at {@code offset} of call.action. */
	private ConsumerRecord<String, byte[]> action(long offset, String commandId, CallAction action) {
		this.commands.put(commandId,
				CallActionCommand.newBuilder()
					.setCommandId(commandId)
					.setChannelId(TestCommands.CHANNEL_ID)
					.setCallId("call-A")
					.setAction(action)
					.setSdp((action == CallAction.TERMINATE) ? null : "v=0 agent")
					.setRequestedAt(this.clock.instant())
					.build());
		return new ConsumerRecord<>(Topics.CALL_ACTION, 0, offset, "call-A",
				commandId.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The command ids of the results committed on call.command-results, in commit order.
	 */
	private List<String> committedResultsOf() {
		return this.transactions.stream()
			.flatMap(producer -> producer.history().stream())
			.filter(record -> record.topic().equals(Topics.CALL_COMMAND_RESULTS))
			.map(record -> new String(record.value(), StandardCharsets.UTF_8))
			.toList();
	}

	/** The last offset committed for the partition, -1 if none. */
	private long committedOffset() {
		return this.transactions.stream()
			.filter(MockProducer::transactionCommitted)
			.flatMap(producer -> producer.consumerGroupOffsetsHistory().stream())
			.flatMap(offsets -> offsets.values().stream())
			.map(offsets -> Optional.ofNullable(offsets.get(this.partition)).map(OffsetAndMetadata::offset).orElse(-1L))
			.reduce(-1L, Math::max);
	}

	private Set<TopicPartition> pausedPartitions() {
		return this.consumer.paused();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Vobiz answering every initiate with a new call and applying every action; while
	 * held, answers wait.
	 */
	private static final class ScriptedVobiz implements VobizCalls {

		final List<String> dialled = new CopyOnWriteArrayList<>();

		/** The actions requested, in the order they were sent. */
		final List<String> actions = new CopyOnWriteArrayList<>();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		private final AtomicInteger atOnce = new AtomicInteger();

		private volatile CountDownLatch held = new CountDownLatch(0);

		void hold() {
			this.held = new CountDownLatch(1);
		}

		void release() {
			this.held.countDown();
		}

		@Override
		public VobizOutcome<InitiateCallResponse> initiateCall(InitiateCallRequest request, Instant sendBy) {
			String commandId = request.sdpOffer().substring("v=0 ".length());
			this.mostAtOnce.accumulateAndGet(this.atOnce.incrementAndGet(), Math::max);
			try {
				this.dialled.add(commandId);
				awaitLatch(this.held);
				return new VobizOutcome.Success<>(new InitiateCallResponse("call-" + commandId, "+911140001234",
						request.to(), "initiated", "outbound"), 201);
			}
			finally {
				this.atOnce.decrementAndGet();
			}
		}

		@Override
		public VobizOutcome<CallActionResponse> callAction(CallActionRequest request, Instant sendBy) {
			this.actions.add(request.action());
			awaitLatch(this.held);
			return new VobizOutcome.Success<>(new CallActionResponse(request.callId(), request.action(), true), 200);
		}

	}

}
