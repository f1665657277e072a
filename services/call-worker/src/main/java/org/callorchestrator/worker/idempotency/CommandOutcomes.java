package org.callorchestrator.worker.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.compacted.CompactedTopicView;
import org.callorchestrator.worker.WorkerSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * The outcome of every command seen in the retention window, shared by all worker
 * instances through a compacted topic ({@code worker.idempotency.topic}) that each
 * instance mirrors in memory.
 *
 * <p>
 * Guarantees: a final outcome is written in the same Kafka transaction as the result it
 * records and the consumed offset ({@link #write}); an IN_FLIGHT marker is written and
 * acknowledged (acks=all, outside any transaction) before the first request leaves for
 * Vobiz ({@link #markInFlight}), so a command redelivered after a crash is reconciled
 * rather than re-sent. Before a worker consumes newly assigned partitions, the mirror
 * catches up with the topic ({@link #awaitCaughtUp}), so it sees what other instances
 * committed. Thread-safe.
 */
@Component
public class CommandOutcomes implements SmartLifecycle, DisposableBean {

	private final String topic;

	private final KafkaTemplate<String, byte[]> transactionalTemplate;

	private final Producer<String, byte[]> markerProducer;

	private final CompactedTopicView<RecordedOutcome> view;

	private final OutcomeCodec codec = new OutcomeCodec();

	private final Clock clock;

	private volatile boolean running;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * @param consumers Boot's consumer factory: the mirror reads with its settings
	 * (connection details and SSL bundle applied, which {@code KafkaProperties} alone
	 * lacks)
	 * @param producers Boot's producer factory: the IN_FLIGHT marker producer is built
	 * from its settings, the same way
	 */
	@Autowired
	public CommandOutcomes(WorkerSettings settings, ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers,
			KafkaTemplate<String, byte[]> template, Clock clock) {
		this(settings, consumers.getConfigurationProperties(), new KafkaProducer<>(markerProducerConfig(producers)),
				template, clock);
	}

	/**
	 * @param consumerConfig the mirror's consumer settings
	 * @param markerProducer writes the IN_FLIGHT markers (not transactional, acks=all);
	 * closed by {@link #stop}
	 */
	public CommandOutcomes(WorkerSettings settings, Map<String, Object> consumerConfig,
			Producer<String, byte[]> markerProducer, KafkaTemplate<String, byte[]> template, Clock clock) {
		this.topic = settings.idempotency().topic();
		this.transactionalTemplate = template;
		this.clock = clock;
		this.view = new CompactedTopicView<>(this.topic, consumerConfig, this.codec::decode,
				RecordedOutcome::recordedAt, CommandOutcomes::newer, settings.idempotency().retention(), clock);
		this.markerProducer = markerProducer;
	}

	/**
	 * The IN_FLIGHT marker producer's settings: Boot's producer settings, not
	 * transactional, acks=all, no lingering.
	 */
	static Map<String, Object> markerProducerConfig(ProducerFactory<?, ?> producers) {
		Map<String, Object> producer = new HashMap<>(producers.getConfigurationProperties());
		producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		// a marker is awaited before its request leaves: no lingering (concurrent markers
		// still share the producer's requests)
		producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return producer;
	}

	/** Calls {@code listener} if the mirror of the outcomes topic stops reading. */
	public void whenMirrorStopped(Consumer<Throwable> listener) {
		this.view.whenStopped(listener);
	}

	/**
	 * Whether the mirror of the outcomes topic is reading (it caught up once before the
	 * consumers start).
	 */
	public boolean mirrorReading() {
		return this.view.isReading();
	}

	/**
	 * Records of the outcomes topic the mirror skipped because they could not be read.
	 */
	public long skipped() {
		return this.view.skipped();
	}

	/**
	 * The recorded outcome of {@code commandId}, if it was seen within the retention
	 * window.
	 */
	public Optional<RecordedOutcome> find(String commandId) {
		return this.view.get(commandId);
	}

	/**
	 * Durably records that a request for {@code commandId} is about to leave; returns
	 * once the broker has it.
	 */
	public void markInFlight(String commandId) {
		RecordedOutcome marker = RecordedOutcome.inFlight(commandId, this.clock.instant());
		try {
			this.markerProducer.send(new ProducerRecord<>(this.topic, commandId, this.codec.encode(marker)))
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted recording command " + commandId + " as in flight", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not record command " + commandId + " as in flight", ex);
		}
		this.view.put(commandId, marker);
	}

	/**
	 * Makes a final outcome known to this instance at once, before its transaction
	 * commits: a copy of the command met later (in the same poll, or redelivered after
	 * its transaction failed) re-emits the outcome instead of calling Vobiz again.
	 */
	public void remember(RecordedOutcome outcome) {
		this.view.put(outcome.commandId(), outcome);
	}

	/** Writes a final outcome through the current (consumer's) transaction. */
	public void write(RecordedOutcome outcome) {
		this.transactionalTemplate.send(this.topic, outcome.commandId(), this.codec.encode(outcome));
	}

	/**
	 * Blocks until the mirror includes everything committed to the topic before the call.
	 */
	public void awaitCaughtUp(Duration timeout) {
		this.view.awaitCaughtUp(timeout);
	}

	/**
	 * A final outcome is never replaced by an IN_FLIGHT marker that is not newer (the
	 * topic may echo this instance's marker after its final outcome was applied locally).
	 */
	static RecordedOutcome newer(RecordedOutcome current, RecordedOutcome incoming) {
		if (current.isFinal() && !incoming.isFinal() && !incoming.recordedAt().isAfter(current.recordedAt())) {
			return current;
		}
		return incoming;
	}

	@Override
	public void start() {
		this.view.start(Duration.ofSeconds(60));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// once: a stopped worker is destroyed too
		if (this.closed.compareAndSet(false, true)) {
			this.view.close();
			this.markerProducer.close(Duration.ofSeconds(5));
		}
	}

	/**
	 * Closes the mirror and the marker producer also when the worker never started (a
	 * context that failed to refresh, e.g. on credentials the broker refused, destroys
	 * its beans without stopping them): the producer's network thread would otherwise
	 * keep reconnecting for as long as the JVM lives.
	 */
	@Override
	public void destroy() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The topic the outcomes are recorded on ({@code worker.idempotency.topic}). */
	public String topic() {
		return this.topic;
	}

	/**
	 * Starts before the command consumers (which start in the last phase) and stops after
	 * them.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

}
