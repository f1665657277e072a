package org.callorchestrator.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads dead-letter topics from their beginning up to their end as of the start of the
 * read (a snapshot: letters arriving meanwhile wait for the next run), without a consumer
 * group, so reading changes nothing.
 */
final class DeadLetterReader {

	private final Map<String, Object> config;

	DeadLetterReader(Map<String, Object> kafka) {
		Map<String, Object> config = new HashMap<>(kafka);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.config = config;
	}

	/**
	 * Passes every record of {@code topics}, partition by partition in offset order, to
	 * {@code each}.
	 */
	void read(List<String> topics, Consumer<DeadLetter> each) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
				if (infos != null) {
					infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
				}
			}
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			List<TopicPartition> pending = new ArrayList<>(partitions.stream().filter(p -> end.get(p) > 0).toList());
			consumer.assign(pending);
			consumer.seekToBeginning(pending);
			while (!pending.isEmpty()) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() < end.get(partition)) {
						each.accept(new DeadLetter(record));
					}
				}
				List<TopicPartition> done = pending.stream().filter(p -> consumer.position(p) >= end.get(p)).toList();
				consumer.pause(done);
				pending.removeAll(done);
			}
		}
	}

}
