package org.callorchestrator.worker.results;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CommandResult}s to {@code call.command-results}, keyed by call id
 * (command id when there is no call), through the transactional template: a result
 * becomes visible only if the consumer's transaction commits.
 */
@Component
public class CommandResultPublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final Serializer<Object> serializer;

	public CommandResultPublisher(KafkaTemplate<String, byte[]> template, Serializer<Object> commandResultSerializer) {
		this.template = template;
		this.serializer = commandResultSerializer;
	}

	/**
	 * The key and bytes {@code result} is sent with (thread-safe: called by the command
	 * lanes).
	 */
	public Published serialize(CommandResult result) {
		return new Published(CommandResults.keyOf(result),
				this.serializer.serialize(Topics.CALL_COMMAND_RESULTS, result));
	}

	/**
	 * Sends serialized result bytes: a concluded command's, or a duplicate command's
	 * recorded ones again.
	 * @param headers the record's headers (the command's trace context)
	 */
	public void send(String key, byte[] value, List<Header> headers) {
		this.template.send(new ProducerRecord<>(Topics.CALL_COMMAND_RESULTS, null, key, value, headers));
	}

	/**
	 * A result as sent.
	 *
	 * @param key record key
	 * @param value Confluent-framed Avro bytes
	 */
	public record Published(String key, byte[] value) {
	}

}
