package org.callorchestrator.worker;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.TopicRecorder;

/**
 * What the worker published: command results (decoded) and dead letters (raw), via the
 * harness's recorder.
 */
final class WorkerRecorder implements AutoCloseable {

	private final TopicRecorder raw;

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	WorkerRecorder(Infrastructure infra) {
		this.raw = new TopicRecorder(infra,
				List.of(Topics.CALL_COMMAND_RESULTS, Topics.CALL_INITIATE_DLT, Topics.CALL_ACTION_DLT));
		this.deserializer
			.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"), false);
	}

	List<ConsumerRecord<String, CommandResult>> results() {
		return this.raw.records(Topics.CALL_COMMAND_RESULTS)
			.stream()
			.map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
					(CommandResult) this.deserializer.deserialize(r.topic(), r.value())))
			.toList();
	}

	List<ConsumerRecord<String, byte[]>> deadLetters() {
		return this.raw.all().stream().filter(r -> !r.topic().equals(Topics.CALL_COMMAND_RESULTS)).toList();
	}

	List<ConsumerRecord<String, CommandResult>> resultsOf(String commandId) {
		return results().stream().filter(r -> commandId.equals(r.value().getCommandId())).toList();
	}

	/**
	 * The one result of {@code commandId}: waits for it (up to {@code atMost}), then
	 * makes sure for half a second that no second one follows — one result per command,
	 * not merely at least one.
	 */
	ConsumerRecord<String, CommandResult> oneResultOf(String commandId, Duration atMost) {
		await("a result of " + commandId).atMost(atMost).until(() -> !resultsOf(commandId).isEmpty());
		await("no second result of " + commandId).during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> resultsOf(commandId).size() == 1);
		return resultsOf(commandId).get(0);
	}

	/**
	 * The one dead letter of {@code commandId}, checked as {@link #oneResultOf} checks
	 * results.
	 */
	ConsumerRecord<String, byte[]> oneDeadLetterOf(String commandId, Duration atMost) {
		await("a dead letter of " + commandId).atMost(atMost).until(() -> !deadLettersOf(commandId).isEmpty());
		await("no second dead letter of " + commandId).during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> deadLettersOf(commandId).size() == 1);
		return deadLettersOf(commandId).get(0);
	}

	List<ConsumerRecord<String, CommandResult>> resultsOfCall(String callId) {
		return results().stream().filter(r -> callId.equals(r.value().getCallId())).toList();
	}

	List<ConsumerRecord<String, byte[]>> deadLettersOf(String commandId) {
		return deadLetters().stream().filter(r -> commandId.equals(header(r, DeadLetterHeaders.COMMAND_ID))).toList();
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		return TopicRecorder.header(record, name);
	}

	@Override
	public void close() {
		this.raw.close();
	}

}
