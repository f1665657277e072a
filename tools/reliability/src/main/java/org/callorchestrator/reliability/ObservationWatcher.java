package org.callorchestrator.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;

/**
 * Reads the webhook ingress's {@code webhook-ingress.observations} (read_committed, from its end when started) and
 * remembers how many observations it published per Meta call id (wacid): one per valid delivery, whatever Vobiz
 * redelivered.
 */
final class ObservationWatcher implements AutoCloseable {

	private final Map<String, List<Long>> byMetaCall = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	ObservationWatcher(String bootstrapServers, String registryUrl) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
		SchemaRegistryAvroDeserializer avro = new SchemaRegistryAvroDeserializer();
		avro.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
		ResultWatcher.fromTheEnd(consumer, List.of(Topics.WEBHOOK_OBSERVATIONS));
		this.reader = new PollingThread<>("observation-watcher", consumer, record -> {
			CallEvent observation = (CallEvent) avro.deserialize(record.topic(), record.value());
			if (observation.getMetaCallId() != null) {
				this.byMetaCall.computeIfAbsent(observation.getMetaCallId(), id -> new ArrayList<>(1))
					.add(record.offset());
			}
		});
	}

	/** Observations published for Meta's call {@code wacid}. */
	int of(String wacid) {
		return this.byMetaCall.getOrDefault(wacid, List.of()).size();
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
