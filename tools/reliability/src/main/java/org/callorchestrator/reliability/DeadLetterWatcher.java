package org.callorchestrator.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.Topics;

/**
 * Reads both dead-letter topics (read_committed, from their end when started) and
 * remembers each dead letter's category and message, by command id (or by key when the
 * record had none).
 */
final class DeadLetterWatcher implements AutoCloseable {

	private final Map<String, DeadLetter> byId = new ConcurrentHashMap<>();

	private final Map<String, Integer> counts = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	DeadLetterWatcher(String bootstrapServers) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
		ResultWatcher.fromTheEnd(consumer, List.of(Topics.CALL_INITIATE_DLT, Topics.CALL_ACTION_DLT));
		this.reader = new PollingThread<>("dead-letter-watcher", consumer, record -> {
			remember(record);
		});
	}

	private void remember(ConsumerRecord<String, byte[]> record) {
		String commandId = header(record, DeadLetterHeaders.COMMAND_ID);
		String id = (commandId != null) ? commandId : record.key();
		DeadLetter letter = new DeadLetter(header(record, DeadLetterHeaders.ERROR_CATEGORY),
				header(record, DeadLetterHeaders.ERROR_MESSAGE));
		this.byId.put(id, letter);
		this.counts.merge(id, 1, Integer::sum);
	}

	DeadLetter of(String id) {
		return this.byId.get(id);
	}

	int count(String id) {
		return this.counts.getOrDefault(id, 0);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.reader.close();
	}

	/**
	 * @param category {@code x-error-category}
	 * @param message {@code x-error-message}
	 */
	record DeadLetter(String category, String message) {
	}

}
