package org.callorchestrator.worker.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.concurrency.KeyedLanes;
import org.callorchestrator.worker.health.LoopLiveness;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.retry.VobizOutage;
import org.callorchestrator.worker.trace.CommandTrace;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The worker's consumers: {@code worker.listener.concurrency} {@link CommandConsumer}s
 * per command topic, in the consumer groups {@code call-worker-initiate} and
 * {@code call-worker-action}, each on its own thread. Records are consumed as raw bytes
 * so that a dead letter keeps them byte for byte. Started last and stopped first, so the
 * outcome record and the producers outlive them.
 */
@Component
public class CommandConsumers implements SmartLifecycle {

	static final String INITIATE_GROUP = "call-worker-initiate";

	static final String ACTION_GROUP = "call-worker-action";

	/**
	 * Longest wait for the outcome mirror to catch up before newly assigned partitions
	 * are consumed.
	 */
	private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

	private final ConsumerFactory<?, ?> consumers;

	private final CommandDecider decider;

	private final DecisionWriter writer;

	private final CommandTrace trace;

	private final CommandKind<CallInitiateCommand> initiate;

	private final CommandKind<CallActionCommand> action;

	private final KeyedLanes lanes;

	private final KafkaTemplate<String, byte[]> template;

	private final CommandOutcomes outcomes;

	private final WorkerMetrics metrics;

	private final WorkerSettings.Concurrency settings;

	private final int perTopic;

	private final VobizOutage outage;

	private final LoopLiveness liveness;

	private final List<CommandConsumer<?>> running = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	CommandConsumers(ConsumerFactory<?, ?> consumers, CommandDecider decider, DecisionWriter writer, CommandTrace trace,
			CommandKind<CallInitiateCommand> initiate, CommandKind<CallActionCommand> action, KeyedLanes lanes,
			KafkaTemplate<String, byte[]> template, CommandOutcomes outcomes, WorkerMetrics metrics,
			WorkerSettings settings, VobizOutage outage, LoopLiveness liveness) {
		this.liveness = liveness;
		this.consumers = consumers;
		this.decider = decider;
		this.writer = writer;
		this.trace = trace;
		this.initiate = initiate;
		this.action = action;
		this.lanes = lanes;
		this.template = template;
		this.outcomes = outcomes;
		this.metrics = metrics;
		this.settings = settings.concurrency();
		this.perTopic = settings.listener().concurrency();
		this.outage = outage;
		metrics.inFlightRecords(() -> this.running.stream().mapToInt(CommandConsumer::inFlight).sum());
	}

	@Override
	public synchronized void start() {
		for (int i = 0; i < this.perTopic; i++) {
			launch(INITIATE_GROUP, Topics.CALL_INITIATE, this.initiate, i);
			launch(ACTION_GROUP, Topics.CALL_ACTION, this.action, i);
		}
	}

	private <C> void launch(String group, String topic, CommandKind<C> kind, int index) {
		@SuppressWarnings("unchecked")
		Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) this.consumers.createConsumer(group, group,
				"-" + index);
		CommandConsumer<C> commands = new CommandConsumer<>(consumer, topic, kind, this.decider, this.writer,
				this.trace, this.lanes, this.template, () -> this.outcomes.awaitCaughtUp(CATCH_UP_TIMEOUT),
				this.metrics, this.settings.maxInFlight(), this.settings.commitInterval(), this.settings.drainTimeout(),
				this.outage::holdsConsumption);
		Thread thread = new Thread(commands, group + "-" + index);
		thread.setUncaughtExceptionHandler((dead, cause) -> this.liveness.died(kind.name() + " consumer", cause));
		this.running.add(commands);
		this.threads.add(thread);
		thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running.forEach(CommandConsumer::stop);
		for (Thread thread : this.threads) {
			try {
				thread.join(this.settings.drainTimeout().plusSeconds(15).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.running.clear();
		this.threads.clear();
	}

	/** How many of the consumer loops have joined their group (see {@link #loops()}). */
	public synchronized long joined() {
		return this.running.stream().filter(CommandConsumer::joined).count();
	}

	/**
	 * How many consumer loops run (one per topic and
	 * {@code worker.listener.concurrency}).
	 */
	public synchronized int loops() {
		return this.running.size();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.running.isEmpty();
	}

}
