package org.callorchestrator.tryit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.serde.RegistryUnreachableException;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;

/**
 * Reads some topics (call.command-results, call.events, call.logs) from their end or
 * beginning as a consumer team would ({@code read_committed}, values decoded through the
 * registry into the generated classes), without a consumer group: every partition is
 * assigned, nothing is committed, nothing is left behind on the broker.
 *
 * <p>
 * Once {@link #open} returned, the start positions are fixed: a record produced
 * afterwards is seen. Not thread-safe, except {@link #wakeup()} (Ctrl-C).
 */
final class RecordTail implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final SchemaRegistryAvroDeserializer decoder;

	/**
	 * Records polled but not yet handed over: {@link #follow} may stop in the middle of a
	 * poll's batch.
	 */
	private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private volatile boolean wokenUp;

	private Thread hook;

	private RecordTail(KafkaConsumer<String, byte[]> consumer, SchemaRegistryAvroDeserializer decoder) {
		this.consumer = consumer;
		this.decoder = decoder;
	}

	/** One record read: its value decoded, or why it did not decode. */
	record Observed(String topic, int partition, long offset, String key, Object value, String undecodable) {

		/** As the dlt-replay tool writes positions: {@code topic-partition@offset}. */
		String position() {
			return this.topic + "-" + this.partition + "@" + this.offset;
		}

	}

	/**
	 * Assigns every partition of {@code topics} at their end (or beginning) and fixes
	 * those positions.
	 */
	static RecordTail open(KafkaOptions options, List<String> topics, boolean fromBeginning) {
		Map<String, Object> config = options.kafka();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "try-it-watch");
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CommandSender.TIMEOUT.toMillis());
		config.put("specific.avro.reader", "true");
		SchemaRegistryAvroDeserializer decoder = new SchemaRegistryAvroDeserializer();
		decoder.configure(config, false);
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		try {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				List<PartitionInfo> infos = consumer.partitionsFor(topic, CommandSender.TIMEOUT);
				if (infos == null || infos.isEmpty()) {
					throw new Failure(
							"topic " + topic + " does not exist on " + options.bootstrapServers() + Failure.HINT);
				}
				infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
			}
			consumer.assign(partitions);
			if (fromBeginning) {
				consumer.seekToBeginning(partitions);
			}
			else {
				consumer.seekToEnd(partitions);
			}
			partitions.forEach(partition -> consumer.position(partition, CommandSender.TIMEOUT));
			return new RecordTail(consumer, decoder);
		}
		catch (TimeoutException ex) {
			consumer.close(CloseOptions.timeout(Duration.ZERO));
			throw new Failure("Kafka at " + options.bootstrapServers() + " did not answer within "
					+ CommandSender.TIMEOUT.toSeconds() + " s: " + ex.getMessage() + Failure.HINT);
		}
		catch (RuntimeException ex) {
			consumer.close(CloseOptions.timeout(Duration.ZERO));
			throw ex;
		}
	}

	/**
	 * Hands every record read to {@code handler} until it returns true (then true),
	 * {@code deadline} passes (null: never) or {@link #wakeup()} is called (then false).
	 */
	boolean follow(Instant deadline, Predicate<Observed> handler) {
		try {
			while (!this.wokenUp) {
				Duration left = (deadline != null) ? Duration.between(Instant.now(), deadline) : Duration.ofSeconds(1);
				if (left.isNegative() || left.isZero()) {
					return false;
				}
				if (this.pending.isEmpty()) {
					Duration wait = (left.compareTo(Duration.ofMillis(200)) < 0) ? left : Duration.ofMillis(200);
					this.consumer.poll(wait).forEach(this.pending::add);
				}
				while (!this.pending.isEmpty()) {
					if (handler.test(decode(this.pending.poll()))) {
						return true;
					}
				}
			}
			return false;
		}
		catch (WakeupException ex) {
			return false;
		}
	}

	/** True once {@link #wakeup()} stopped the tail. */
	boolean wokenUp() {
		return this.wokenUp;
	}

	/** Stops {@link #follow} from another thread (Ctrl-C). */
	void wakeup() {
		this.wokenUp = true;
		this.consumer.wakeup();
	}

	/**
	 * Until this tail is closed, Ctrl-C stops {@link #follow} and waits (briefly) for the
	 * command to finish its last lines and close the consumer, instead of killing it
	 * mid-line.
	 */
	void stopOnCtrlC() {
		Thread hook = new Thread(() -> {
			wakeup();
			try {
				this.closed.await(3, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "try-it-ctrl-c");
		Runtime.getRuntime().addShutdownHook(hook);
		this.hook = hook;
	}

	private Observed decode(ConsumerRecord<String, byte[]> record) {
		try {
			return new Observed(record.topic(), record.partition(), record.offset(), record.key(),
					this.decoder.deserialize(record.topic(), record.value()), null);
		}
		catch (RegistryUnreachableException ex) {
			throw new Failure("the schema registry did not answer: " + ex.getMessage() + Failure.HINT);
		}
		catch (SerializationException ex) {
			return new Observed(record.topic(), record.partition(), record.offset(), record.key(), null,
					ex.getMessage());
		}
	}

	@Override
	public void close() {
		try {
			this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
		}
		finally {
			this.closed.countDown();
			if (this.hook != null) {
				try {
					Runtime.getRuntime().removeShutdownHook(this.hook);
				}
				catch (IllegalStateException ex) {
					// the JVM is shutting down: the hook is running or about to
				}
			}
		}
	}

}
