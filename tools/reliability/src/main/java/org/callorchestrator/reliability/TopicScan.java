package org.callorchestrator.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their beginning to their end: every record of every topic (internal
 * ones included) for the topics whose bytes hold a secret, or given topics as a
 * {@code read_committed} consumer sees them.
 */
final class TopicScan {

	private TopicScan() {
	}

	static Set<String> topicsHolding(String bootstrapServers, List<String> secrets) throws Exception {
		Set<String> topics;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
		}
		Set<String> holding = new TreeSet<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_uncommitted", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
					&& System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (holds(record, secrets)) {
						holding.add(record.topic());
					}
				}
			}
		}
		return holding;
	}

	/**
	 * Hands every committed record of {@code topics} to {@code each}, from their
	 * beginning up to their end as of the call (the last stable offset: an aborted
	 * transaction's records are never seen), partition by partition in offset order; at
	 * most {@code timeout}.
	 */
	static void readCommitted(String bootstrapServers, List<String> topics, Duration timeout,
			Consumer<ConsumerRecord<String, byte[]>> each) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topics + " to their end within " + timeout);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
						each.accept(record);
					}
				}
			}
		}
	}

	private static boolean holds(ConsumerRecord<byte[], byte[]> record, List<String> secrets) {
		StringBuilder text = new StringBuilder();
		append(text, record.key());
		append(text, record.value());
		for (Header header : record.headers()) {
			text.append(header.key());
			append(text, header.value());
		}
		return secrets.stream().anyMatch(secret -> text.indexOf(secret) >= 0);
	}

	private static void append(StringBuilder text, byte[] bytes) {
		if (bytes != null) {
			text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
		}
	}

}
