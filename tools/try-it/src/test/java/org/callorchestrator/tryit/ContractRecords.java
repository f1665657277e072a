package org.callorchestrator.tryit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;

/**
 * Contract records as the services write them (same serde, keys and topics), and their
 * decoding.
 */
final class ContractRecords {

	static final String CHANNEL = CommandOptions.SANDBOX_CHANNEL;

	private ContractRecords() {
	}

	/**
	 * A transition as call-state writes it on call.events:
	 * {@code previous → status #sequence}.
	 */
	static CallEvent.Builder transition(String callId, CallStatus previous, CallStatus status, int sequence,
			EventSource source) {
		return event(callId, status, source).setPreviousStatus(previous).setSequence(sequence);
	}

	/** A command's result as the worker writes it on call.command-results. */
	static CommandResult.Builder result(String commandId, String callId, CommandType type, CallStatus status) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(type)
			.setSucceeded(status != null)
			.setCallId(callId)
			.setChannelId(CHANNEL)
			.setDirection(CallDirection.OUTBOUND)
			.setTo("+14155550123")
			.setStatus(status)
			.setOccurredAt(Instant.now());
	}

	static CallEvent.Builder event(String callId, CallStatus status, EventSource source) {
		return CallEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setCallId(callId)
			.setChannelId(CHANNEL)
			.setDirection(CallDirection.OUTBOUND)
			.setTo("+14155550123")
			.setStatus(status)
			.setSource(source)
			.setOccurredAt(Instant.now());
	}

	static CallLogRecord log(String callId, String status, boolean isFinal) {
		Instant now = Instant.now();
		return CallLogRecord.newBuilder()
			.setId(callId)
			.setAccountId("MA_XXXXXXXX")
			.setChannelId(CHANNEL)
			.setDirection("outbound")
			.setFromNumber("+911140001234")
			.setToNumber("+14155550123")
			.setStatus(status)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.setObservedAt(now)
			.setFinal$(isFinal)
			.build();
	}

	/**
	 * Writes events keyed by call_id (command_id when there is none), results keyed by
	 * call_id (command_id when there is none) and logs keyed by id, in this order, and
	 * waits for the acks.
	 */
	static void write(Infrastructure infra, Object... records) {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class,
						"schema.registry.url", infra.schemaRegistryUrl()))) {
			for (Object record : records) {
				if (record instanceof CallEvent event) {
					String key = (event.getCallId() != null) ? event.getCallId() : event.getCommandId();
					producer.send(new ProducerRecord<>(Topics.CALL_EVENTS, key, event));
				}
				else if (record instanceof CommandResult result) {
					String key = (result.getCallId() != null) ? result.getCallId() : result.getCommandId();
					producer.send(new ProducerRecord<>(Topics.CALL_COMMAND_RESULTS, key, result));
				}
				else if (record instanceof CallLogRecord log) {
					producer.send(new ProducerRecord<>(Topics.CALL_LOGS, log.getId(), log));
				}
			}
			producer.flush();
		}
	}

	/** The value of a recorded contract record, decoded into its generated class. */
	@SuppressWarnings("unchecked")
	static <T> T decode(Infrastructure infra, ConsumerRecord<String, byte[]> record) {
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"),
				false);
		return (T) deserializer.deserialize(record.topic(), record.value());
	}

}
