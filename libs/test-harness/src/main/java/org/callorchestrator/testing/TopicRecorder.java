package org.callorchestrator.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records every committed record (read_committed) of some topics from their beginning,
 * raw, for tests to assert on. Subscribes with its own group, so topics created (or
 * partitions added) after it started are picked up within a second; it never creates a
 * topic. Thread-safe.
 */
public final class TopicRecorder implements AutoCloseable {

	private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<String> topics;

	private volatile boolean running = true;

	public TopicRecorder(Infrastructure infra, List<String> topics) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-recorder-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.topics = List.copyOf(topics);
		Thread thread = new Thread(this::record, "topic-recorder");
		thread.setDaemon(true);
		thread.start();
	}

	private void record() {
		try {
			this.consumer.subscribe(this.topics);
			while (this.running) {
				this.consumer.poll(Duration.ofMillis(100)).forEach(this.records::add);
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	/** Everything recorded from {@code topic} so far, in arrival order. */
	public List<ConsumerRecord<String, byte[]>> records(String topic) {
		return this.records.stream().filter(r -> r.topic().equals(topic)).toList();
	}

	/** Everything recorded so far. */
	public List<ConsumerRecord<String, byte[]>> all() {
		return List.copyOf(this.records);
	}

	/** The last value of header {@code name} as UTF-8, or null. */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
	}

}
