package org.callorchestrator.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.testing.Infrastructure;

/**
 * Records everything published on {@code call.events} and the dead-letter topics (read_committed), for tests to
 * assert on: events decoded, dead letters kept as raw records.
 */
final class TopicRecorder implements AutoCloseable {

	final List<ConsumerRecord<String, CallEvent>> events = new CopyOnWriteArrayList<>();

	final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

	private final KafkaConsumer<String, byte[]> consumer;

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	private final Thread thread;

	private volatile boolean running = true;

	TopicRecorder(Infrastructure infra) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-recorder-" + java.util.UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.deserializer.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader",
				"true"), false);
		this.thread = new Thread(this::record, "topic-recorder");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void record() {
		try {
			this.consumer.subscribe(List.of(Topics.CALL_EVENTS, Topics.CALL_INITIATE_DLT, Topics.CALL_ACTION_DLT));
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					if (record.topic().equals(Topics.CALL_EVENTS)) {
						CallEvent event = (CallEvent) this.deserializer.deserialize(record.topic(), record.value());
						this.events.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
								record.key(), event));
					}
					else {
						this.deadLetters.add(record);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	List<ConsumerRecord<String, CallEvent>> eventsOf(String commandId) {
		return this.events.stream().filter(r -> commandId.equals(r.value().getCommandId())).toList();
	}

	List<ConsumerRecord<String, CallEvent>> eventsOfCall(String callId) {
		return this.events.stream().filter(r -> callId.equals(r.value().getCallId())).toList();
	}

	List<ConsumerRecord<String, byte[]>> deadLettersOf(String commandId) {
		return this.deadLetters.stream().filter(r -> commandId.equals(header(r, DeadLetterHeaders.COMMAND_ID))).toList();
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
	}

}
