package org.callorchestrator.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;

/** Reads {@code call.logs} (read_committed, from its end) and remembers every version emitted per call id. */
final class CallLogWatcher implements AutoCloseable {

	private final Map<String, List<Long>> versions = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	CallLogWatcher(String bootstrapServers, String registryUrl) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
		SchemaRegistryAvroDeserializer avro = new SchemaRegistryAvroDeserializer();
		avro.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
		ResultWatcher.fromTheEnd(consumer, List.of(Topics.CALL_LOGS));
		this.reader = new PollingThread<>("call-log-watcher", consumer, record -> {
			CallLogRecord log = (CallLogRecord) avro.deserialize(record.topic(), record.value());
			this.versions.computeIfAbsent(log.getId(), id -> new ArrayList<>(2))
				.add(log.getUpdatedAtMicros());
		});
	}

	/** Call ids with at least one record. */
	int calls() {
		return this.versions.size();
	}

	boolean has(String callId) {
		return this.versions.containsKey(callId);
	}

	/** Versions (id, updated_at) emitted more than once. */
	long duplicateVersions() {
		return this.versions.values()
			.stream()
			.mapToLong(list -> list.size() - list.stream().distinct().count())
			.sum();
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
