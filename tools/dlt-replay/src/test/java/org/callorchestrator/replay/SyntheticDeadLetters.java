package org.callorchestrator.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;

import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

/**
 * Dead letters written directly (as the worker writes them) whose original topic is a
 * scratch topic.
 */
final class SyntheticDeadLetters {

	private SyntheticDeadLetters() {
	}

	/**
	 * Writes {@code count} decodable letters to {@code dlt} pointing at {@code original};
	 * returns their command ids.
	 */
	static List<String> write(Infrastructure infra, String dlt, String original, int count, int replayCount) {
		return write(infra, dlt, original, count, replayCount, "RETRIES_EXHAUSTED");
	}

	/**
	 * Writes {@code count} decodable letters of {@code category} (an EXPIRED one with the
	 * worker's x-deadline and x-late-ms); returns their command ids.
	 */
	static List<String> write(Infrastructure infra, String dlt, String original, int count, int replayCount,
			String category) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl()), false);
		List<String> ids = new ArrayList<>();
		try (KafkaProducer<byte[], byte[]> producer = producer(infra)) {
			for (int i = 0; i < count; i++) {
				String id = UUID.randomUUID().toString();
				CallInitiateCommand command = CallInitiateCommand.newBuilder()
					.setCommandId(id)
					.setChannelId(CHANNEL_ID)
					.setTo("+919876543210")
					.setSdpOffer("v=0\r\no=- " + id + "\r\n")
					.setRequestedAt(Instant.now())
					.build();
				RecordHeaders headers = headers(original, id, category, replayCount);
				if ("EXPIRED".equals(category)) {
					headers.add(DeadLetterHeaders.DEADLINE,
							command.getRequestedAt().plusSeconds(300).toString().getBytes(StandardCharsets.UTF_8));
					headers.add(DeadLetterHeaders.LATE_MS, "1200".getBytes(StandardCharsets.UTF_8));
				}
				producer.send(new ProducerRecord<>(dlt, null, id.getBytes(StandardCharsets.UTF_8),
						serializer.serialize(original, command), headers));
				ids.add(id);
			}
			producer.flush();
		}
		return ids;
	}

	static void writeGarbage(Infrastructure infra, String dlt, String original, String key) {
		try (KafkaProducer<byte[], byte[]> producer = producer(infra)) {
			producer.send(new ProducerRecord<>(dlt, null, key.getBytes(StandardCharsets.UTF_8),
					"garbage".getBytes(StandardCharsets.UTF_8), headers(original, null, "VALIDATION", 0)));
			producer.flush();
		}
	}

	static RecordHeaders headers(String original, String commandId, String category, int replayCount) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
		headers.add("kafka_dlt-original-topic", original.getBytes(StandardCharsets.UTF_8));
		headers.add(DeadLetterHeaders.ERROR_CATEGORY, category.getBytes(StandardCharsets.UTF_8));
		if (commandId != null) {
			headers.add(DeadLetterHeaders.COMMAND_ID, commandId.getBytes(StandardCharsets.UTF_8));
		}
		if (replayCount > 0) {
			headers.add(DeadLetterHeaders.REPLAY_COUNT, Integer.toString(replayCount).getBytes(StandardCharsets.UTF_8));
		}
		return headers;
	}

	static KafkaProducer<byte[], byte[]> producer(Infrastructure infra) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
	}

}
