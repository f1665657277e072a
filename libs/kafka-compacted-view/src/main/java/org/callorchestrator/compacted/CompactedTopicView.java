package org.callorchestrator.compacted;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory map mirroring a compacted topic (String keys), read in full from the
 * beginning by a background thread with {@code read_committed}; a null value (tombstone)
 * removes a key.
 *
 * <p>
 * Guarantees: after {@link #awaitCaughtUp(Duration)} returns, the view contains every
 * record committed to the topic before the call. Entries older than the retention (by
 * {@code timestampOf}) are dropped. Local writes can be applied at once with {@link #put}
 * (read-your-writes before the topic echoes them); when the topic later delivers a value
 * for the same key, {@code merge} decides which one stays. A record its decoder cannot
 * read is skipped, logged and counted ({@link #skipped()}), never fatal; if the reading
 * loop stops for any other reason, {@link #whenStopped} listeners hear of it (services
 * turn their liveness DOWN) and {@link #awaitCaughtUp} fails. Thread-safe.
 *
 * @param <V> decoded value type
 */
public final class CompactedTopicView<V> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);

	private final Map<String, V> entries = new ConcurrentHashMap<>();

	private final String topic;

	private final Map<String, Object> consumerConfig;

	private final BiFunction<String, byte[], V> decoder;

	private final Function<V, Instant> timestampOf;

	private final BiFunction<V, V, V> merge;

	private final Duration retention;

	private final Clock clock;

	private volatile Map<TopicPartition, Long> positions = Map.of();

	private volatile boolean running;

	private volatile KafkaConsumer<String, byte[]> reader;

	private volatile Thread thread;

	private final AtomicLong skipped = new AtomicLong();

	private final List<Consumer<Throwable>> stoppedListeners = new CopyOnWriteArrayList<>();

	/**
	 * @param topic the compacted topic
	 * @param kafkaConfig consumer settings (bootstrap servers, security); group, offsets
	 * and deserializers are set here
	 * @param decoder bytes of a key to a value
	 * @param timestampOf when a value was written, for retention
	 * @param merge (current, incoming) to the value to keep
	 * @param retention how long an entry is kept
	 * @param clock time source
	 */
	public CompactedTopicView(String topic, Map<String, Object> kafkaConfig, BiFunction<String, byte[], V> decoder,
			Function<V, Instant> timestampOf, BiFunction<V, V, V> merge, Duration retention, Clock clock) {
		this.topic = topic;
		Map<String, Object> config = new HashMap<>(kafkaConfig);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig = config;
		this.decoder = decoder;
		this.timestampOf = timestampOf;
		this.merge = merge;
		this.retention = retention;
		this.clock = clock;
	}

	/** Starts reading and waits until the view has caught up with the topic. */
	public synchronized void start(Duration timeout) {
		if (this.running) {
			return;
		}
		this.running = true;
		this.reader = new KafkaConsumer<>(this.consumerConfig);
		this.thread = new Thread(this::readForever, "view-" + this.topic);
		this.thread.setDaemon(true);
		this.thread.start();
		awaitCaughtUp(timeout);
		log.info("View of {} loaded: {} entries", this.topic, this.entries.size());
	}

	/** The value of {@code key}, if present and within retention. */
	public Optional<V> get(String key) {
		V value = this.entries.get(key);
		if (value != null && isExpired(value, this.clock.instant().minus(this.retention))) {
			this.entries.remove(key, value);
			return Optional.empty();
		}
		return Optional.ofNullable(value);
	}

	/**
	 * Applies a value written by this instance at once (merged like one read from the
	 * topic).
	 */
	public void put(String key, V value) {
		this.entries.merge(key, value, this.merge);
	}

	/** Records skipped because the decoder could not read them (since start). */
	public long skipped() {
		return this.skipped.get();
	}

	/**
	 * Calls {@code listener} with the cause if the reading loop stops other than by
	 * {@link #close()}.
	 */
	public void whenStopped(Consumer<Throwable> listener) {
		this.stoppedListeners.add(listener);
	}

	/** Whether the reading loop runs. */
	public boolean isReading() {
		return this.running;
	}

	/** Number of entries held (including expired ones not yet evicted). */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Blocks until the view includes everything committed to the topic before this call.
	 */
	public void awaitCaughtUp(Duration timeout) {
		Map<TopicPartition, Long> target;
		try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(this.consumerConfig)) {
			target = probe.endOffsets(partitions(probe), timeout);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!caughtUpTo(target)) {
			if (!this.running || System.nanoTime() > deadline) {
				throw new IllegalStateException("View of " + this.topic + " not caught up within " + timeout + " (at "
						+ this.positions + ", end " + target + ")");
			}
			sleep(10);
		}
	}

	private boolean caughtUpTo(Map<TopicPartition, Long> target) {
		Map<TopicPartition, Long> at = this.positions;
		return target.entrySet().stream().allMatch(e -> at.getOrDefault(e.getKey(), 0L) >= e.getValue());
	}

	private void readForever() {
		KafkaConsumer<String, byte[]> consumer = this.reader;
		try {
			List<TopicPartition> partitions = awaitPartitions(consumer);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long lastSweep = System.nanoTime();
			PartitionWatch watch = new PartitionWatch(this.topic);
			while (this.running) {
				List<TopicPartition> added = watch.newPartitions(consumer, partitions);
				if (!added.isEmpty()) {
					List<TopicPartition> all = new ArrayList<>(partitions);
					all.addAll(added);
					consumer.assign(all);
					consumer.seekToBeginning(added);
					partitions = all;
					log.info("View of {}: reading {} more partitions from their beginning ({} in all)", this.topic,
							added.size(), all.size());
				}
				Instant horizon = this.clock.instant().minus(this.retention);
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					apply(record, horizon);
				}
				Map<TopicPartition, Long> at = new HashMap<>();
				for (TopicPartition partition : partitions) {
					at.put(partition, consumer.position(partition));
				}
				this.positions = at;
				if (System.nanoTime() - lastSweep > TimeUnit.MINUTES.toNanos(1)) {
					this.entries.values().removeIf(v -> isExpired(v, horizon));
					lastSweep = System.nanoTime();
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException | Error ex) {
			log.error("View of {} stopped reading", this.topic, ex);
			this.running = false;
			this.stoppedListeners.forEach(listener -> listener.accept(ex));
		}
		finally {
			consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record, Instant horizon) {
		if (record.key() == null) {
			return;
		}
		if (record.value() == null) {
			this.entries.remove(record.key());
			return;
		}
		V value;
		boolean expired;
		try {
			value = this.decoder.apply(record.key(), record.value());
			expired = isExpired(value, horizon);
		}
		catch (RuntimeException ex) {
			this.skipped.incrementAndGet();
			log.warn("View of {}: skipping the record at {}-{}@{} (key {}) that cannot be read: {}", this.topic,
					record.topic(), record.partition(), record.offset(), record.key(), ex.toString());
			return;
		}
		if (!expired) {
			this.entries.merge(record.key(), value, this.merge);
		}
	}

	private boolean isExpired(V value, Instant horizon) {
		return this.timestampOf.apply(value).isBefore(horizon);
	}

	private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			List<TopicPartition> partitions = partitions(consumer);
			if (!partitions.isEmpty() || System.nanoTime() > deadline) {
				return partitions;
			}
			sleep(200);
		}
	}

	private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
		List<PartitionInfo> infos = consumer.partitionsFor(this.topic, Duration.ofSeconds(10));
		return (infos != null) ? infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList()
				: List.of();
	}

	@Override
	public synchronized void close() {
		this.running = false;
		KafkaConsumer<String, byte[]> consumer = this.reader;
		if (consumer != null) {
			consumer.wakeup();
		}
		Thread reading = this.thread;
		if (reading != null) {
			try {
				reading.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
