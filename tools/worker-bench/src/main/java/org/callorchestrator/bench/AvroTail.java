package org.callorchestrator.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;

/**
 * Some topics read as a consumer team reads them — read_committed, every partition
 * assigned, from their end or their beginning — on a {@link PollingThread}, each value
 * decoded through the registry (null for a tombstone) and handed with its record to
 * {@code each}; a record that does not decode is skipped and counted
 * ({@link #skipped()}). What the benchmark's and the suites' watchers share.
 */
public final class AvroTail {

	private static final AtomicLong SKIPPED = new AtomicLong();

	private AvroTail() {
	}

	/** Records this JVM's tails skipped because no registered schema decodes them. */
	public static long skipped() {
		return SKIPPED.get();
	}

	/** Reads {@code topics} from their end (what is written from now on). */
	public static PollingThread<String, byte[]> fromTheEnd(String name, String bootstrapServers, String registryUrl,
			List<String> topics, BiConsumer<ConsumerRecord<String, byte[]>, Object> each) {
		return start(name, bootstrapServers, registryUrl, topics, false, each);
	}

	/** Reads {@code topics} from their beginning. */
	public static PollingThread<String, byte[]> fromTheBeginning(String name, String bootstrapServers,
			String registryUrl, List<String> topics, BiConsumer<ConsumerRecord<String, byte[]>, Object> each) {
		return start(name, bootstrapServers, registryUrl, topics, true, each);
	}

	private static PollingThread<String, byte[]> start(String name, String bootstrapServers, String registryUrl,
			List<String> topics, boolean fromTheBeginning, BiConsumer<ConsumerRecord<String, byte[]>, Object> each) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
		SchemaRegistryAvroDeserializer avro = new SchemaRegistryAvroDeserializer();
		avro.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
		List<TopicPartition> partitions = topics.stream()
			.flatMap(topic -> consumer.partitionsFor(topic).stream())
			.map(p -> new TopicPartition(p.topic(), p.partition()))
			.toList();
		consumer.assign(partitions);
		if (fromTheBeginning) {
			consumer.seekToBeginning(partitions);
		}
		else {
			consumer.seekToEnd(partitions);
		}
		partitions.forEach(consumer::position);
		return new PollingThread<>(name, consumer, record -> {
			Object value;
			try {
				value = (record.value() != null) ? avro.deserialize(record.topic(), record.value()) : null;
			}
			catch (RuntimeException ex) {
				// a record no registered schema decodes (the reliability suite's poison):
				// skipped, counted
				SKIPPED.incrementAndGet();
				return;
			}
			each.accept(record, value);
		});
	}

}
