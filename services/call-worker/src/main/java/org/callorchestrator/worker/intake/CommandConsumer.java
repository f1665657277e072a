package org.callorchestrator.worker.intake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.callorchestrator.worker.concurrency.KeyedLanes;
import org.callorchestrator.worker.concurrency.PartitionProgress;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.trace.CommandTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One consumer of one command topic, pipelined: records are handed to the
 * {@link KeyedLanes} as soon as they are polled (many Vobiz requests in flight per
 * partition, one call's actions in order), where the {@link CommandDecider} decides each;
 * every {@code worker.concurrency.commit-interval} the {@link DecisionWriter} writes the
 * decisions made since — results, dead letters, recorded outcomes — together with the
 * offsets up to each partition's first record still in flight, in one Kafka transaction.
 *
 * <ul>
 * <li>Back-pressure: with {@code max-in-flight} records in flight (Vobiz slow, or the
 * rate limit reached), or while a Vobiz outage holds consumption, the partitions are
 * paused; polling goes on (the group membership stays alive) and resumes them when room
 * is made.</li>
 * <li>A transaction that fails (broker away) is retried with back-off with the same
 * records; nothing is lost.</li>
 * <li>Partitions revoked: their records in flight are awaited (up to
 * {@code drain-timeout}) and committed before they go; a record still running then is
 * left to the new owner, which reconciles it through its IN_FLIGHT marker.</li>
 * <li>Stop: polling stops, records in flight are awaited and committed (up to
 * {@code drain-timeout}).</li>
 * </ul>
 * Runs on its own thread; everything but the lanes' work happens on it. A loop that dies
 * (a bug, a fatal client error) throws out of {@link #run}, its consumer closed: its
 * thread's uncaught-exception handler reports it.
 *
 * <p>
 * Each record is worked on in its own span on its lane ({@link CommandTrace}: a child of
 * its {@code traceparent}), and what is written for it carries that span's context.
 */
final class CommandConsumer<C> implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);

	private final Consumer<String, byte[]> consumer;

	private final String topic;

	private final CommandKind<C> kind;

	private final CommandDecider decider;

	private final DecisionWriter writer;

	private final CommandTrace trace;

	private final KeyedLanes lanes;

	private final KafkaTemplate<String, byte[]> template;

	private final Runnable catchUp;

	private final WorkerMetrics metrics;

	private final int maxInFlight;

	private final long commitIntervalNanos;

	private final Duration drainTimeout;

	private final BooleanSupplier hold;

	private final PartitionProgress progress = new PartitionProgress();

	private final Queue<Traced> concluded = new ConcurrentLinkedQueue<>();

	private final List<Traced> toWrite = new ArrayList<>();

	/** Partitions assigned to this consumer; read by the lanes too. */
	private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

	/**
	 * Owned partitions being revoked: their records in flight are awaited, but none is
	 * tried again.
	 */
	private final Set<TopicPartition> leaving = ConcurrentHashMap.newKeySet();

	/**
	 * Polled records not yet handed to a lane (no room under max-in-flight yet); not in
	 * flight, never committed.
	 */
	private final Deque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();

	private volatile boolean running = true;

	/**
	 * The consumer joined its group (its first assignment, possibly empty, is in place):
	 * it can take work.
	 */
	private volatile boolean joined;

	private boolean paused;

	private long lastCommit = System.nanoTime();

	private int failedCommits;

	/**
	 * The waits between attempts at a transaction that failed; null while the last one
	 * committed.
	 */
	private BackOffExecution commitBackOff;

	private long nextCommitAttempt;

	/**
	 * @param catchUp what must be read before newly assigned partitions are consumed (the
	 * outcome mirror catching up with what other instances committed); blocks until done
	 * @param hold whether consumption is held (a Vobiz outage)
	 */
	CommandConsumer(Consumer<String, byte[]> consumer, String topic, CommandKind<C> kind, CommandDecider decider,
			DecisionWriter writer, CommandTrace trace, KeyedLanes lanes, KafkaTemplate<String, byte[]> template,
			Runnable catchUp, WorkerMetrics metrics, int maxInFlight, Duration commitInterval, Duration drainTimeout,
			BooleanSupplier hold) {
		this.consumer = consumer;
		this.topic = topic;
		this.kind = kind;
		this.decider = decider;
		this.writer = writer;
		this.trace = trace;
		this.lanes = lanes;
		this.template = template;
		this.catchUp = catchUp;
		this.metrics = metrics;
		this.maxInFlight = maxInFlight;
		this.commitIntervalNanos = commitInterval.toNanos();
		this.drainTimeout = drainTimeout;
		this.hold = hold;
	}

	@Override
	public void run() {
		try {
			this.consumer.subscribe(List.of(this.topic), new Rebalance());
			while (this.running) {
				pollOnce();
				commit(false);
			}
			log.info("Stopping: waiting up to {} for {} {} commands in flight", this.drainTimeout,
					this.progress.inFlight(), this.kind.name());
			awaitQuiet(this.owned, this.drainTimeout);
		}
		catch (WakeupException ex) {
			awaitQuiet(this.owned, this.drainTimeout);
		}
		finally {
			this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
		}
	}

	/** Asks the loop to stop; it drains what is in flight first. */
	void stop() {
		this.running = false;
		this.consumer.wakeup();
	}

	int inFlight() {
		return this.progress.inFlight();
	}

	boolean joined() {
		return this.joined;
	}

	/**
	 * Polls, and hands records to lanes only while fewer than {@code max-in-flight} are
	 * in flight: the rest of a poll waits here, in offset order, so the limit holds at
	 * every moment (a poll returns up to {@code max.poll.records}).
	 */
	private void pollOnce() {
		boolean busy = this.progress.inFlight() > 0 || !this.toWrite.isEmpty() || !this.waiting.isEmpty();
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(busy ? 5 : 100))) {
			this.waiting.add(record);
		}
		while (!this.waiting.isEmpty() && this.progress.inFlight() < this.maxInFlight) {
			dispatch(this.waiting.poll());
		}
		applyBackPressure();
	}

	private void dispatch(ConsumerRecord<String, byte[]> record) {
		this.progress.started(new TopicPartition(record.topic(), record.partition()), record.offset());
		Intake<C> intake = this.decider.take(record, this.kind);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.lanes.submit(intake.lane(), () -> {
			try (CommandTrace.Work work = this.trace.begin(record, this.kind.name())) {
				Decision decision = this.decider.decide(intake, this.kind, () -> stillMine(partition));
				this.concluded.add(new Traced(decision, work.headers()));
			}
		});
	}

	/**
	 * Whether a lane may try a record of {@code partition} again: this consumer runs and
	 * owns the partition, not about to give it up. Otherwise the result would be dropped,
	 * and the new owner will decide the record anyway.
	 */
	private boolean stillMine(TopicPartition partition) {
		return this.running && this.owned.contains(partition) && !this.leaving.contains(partition);
	}

	private void applyBackPressure() {
		boolean full = this.progress.inFlight() >= this.maxInFlight || !this.waiting.isEmpty()
				|| this.hold.getAsBoolean();
		if (full && !this.paused) {
			this.consumer.pause(this.consumer.assignment());
			this.paused = true;
			this.metrics.paused(this.kind.name());
		}
		else if (!full && this.paused) {
			this.consumer.resume(this.consumer.paused());
			this.paused = false;
		}
	}

	/**
	 * Writes what concluded and commits the offsets it frees, when the commit interval is
	 * up (or {@code now}).
	 */
	private void commit(boolean now) {
		takeConcluded();
		long time = System.nanoTime();
		if (!now && time - this.lastCommit < this.commitIntervalNanos) {
			return;
		}
		if (this.failedCommits > 0 && time < this.nextCommitAttempt) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> offsets = this.progress.committable();
		if (this.toWrite.isEmpty() && offsets.isEmpty()) {
			return;
		}
		this.lastCommit = time;
		try {
			this.template.executeInTransaction(transaction -> {
				for (Traced traced : this.toWrite) {
					this.writer.write(traced.decision(), traced.trace(), this.consumer, this.kind);
				}
				if (!offsets.isEmpty()) {
					transaction.sendOffsetsToTransaction(offsets, this.consumer.groupMetadata());
				}
				return null;
			});
			this.progress.committed(offsets);
			this.metrics.transaction(this.kind.name(), this.toWrite.size());
			this.toWrite.clear();
			this.failedCommits = 0;
			this.commitBackOff = null;
		}
		catch (RuntimeException ex) {
			this.metrics.transactionFailed(this.kind.name(), (ex.getCause() != null) ? ex.getCause() : ex);
			this.failedCommits++;
			if (this.commitBackOff == null) {
				this.commitBackOff = UnexpectedFailures.untilDone();
			}
			long wait = this.commitBackOff.nextBackOff();
			this.nextCommitAttempt = System.nanoTime() + wait * 1_000_000;
			log.warn("Transaction of {} concluded {} commands failed ({} in a row): trying again in {} ms: {}",
					this.toWrite.size(), this.kind.name(), this.failedCommits, wait, ex.toString());
		}
	}

	private void takeConcluded() {
		Traced traced;
		while ((traced = this.concluded.poll()) != null) {
			Decision decision = traced.decision();
			ConsumerRecord<String, byte[]> record = decision.record();
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (!this.owned.contains(partition)) {
				continue;
			}
			if (decision instanceof Decision.Abandoned) {
				this.progress.abandoned(partition, record.offset());
				continue;
			}
			this.toWrite.add(traced);
			this.progress.concluded(partition, record.offset());
		}
	}

	/**
	 * Commits as records conclude until none of {@code partitions} has a record in
	 * flight, or the timeout.
	 */
	private void awaitQuiet(Collection<TopicPartition> partitions, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.progress.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
			commit(false);
			sleep(5);
		}
		commit(true);
		int left = this.progress.inFlight(partitions);
		if (left > 0) {
			log.warn("{} {} commands still in flight after {}: left to be redelivered (their IN_FLIGHT markers make "
					+ "the next owner reconcile rather than resend)", left, this.kind.name(), timeout);
		}
	}

	private void forget(Collection<TopicPartition> partitions) {
		this.owned.removeAll(partitions);
		this.leaving.removeAll(partitions);
		this.progress.forget(partitions);
		this.toWrite.removeIf(t -> partitions
			.contains(new TopicPartition(t.decision().record().topic(), t.decision().record().partition())));
		this.waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A decision and the trace headers of the span it was made in, for the records it
	 * writes.
	 */
	private record Traced(Decision decision, List<Header> trace) {
	}

	private final class Rebalance implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			CommandConsumer.this.leaving.addAll(partitions);
			awaitQuiet(partitions, CommandConsumer.this.drainTimeout);
			forget(partitions);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			forget(partitions);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				CommandConsumer.this.joined = true;
				return;
			}
			CommandConsumer.this.catchUp.run();
			CommandConsumer.this.owned.addAll(partitions);
			if (CommandConsumer.this.paused) {
				CommandConsumer.this.consumer.pause(partitions);
			}
			CommandConsumer.this.joined = true;
		}

	}

}
