package org.callorchestrator.worker.events;

import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CallEvent}s to {@code call.events}, keyed by call id (command id when there is no call), through the
 * transactional template: an event becomes visible only if the consumer's transaction commits.
 */
@Component
public class CallEventPublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final Serializer<Object> serializer;

	public CallEventPublisher(KafkaTemplate<String, byte[]> template, Serializer<Object> callEventSerializer) {
		this.template = template;
		this.serializer = callEventSerializer;
	}

	/** The key and bytes {@code event} is sent with (thread-safe: called by the command lanes). */
	public Published serialize(CallEvent event) {
		return new Published(CallEvents.keyOf(event), this.serializer.serialize(Topics.CALL_EVENTS, event));
	}

	/** Sends serialized event bytes: a concluded command's, or a duplicate command's recorded ones again. */
	public void send(String key, byte[] value) {
		this.template.send(Topics.CALL_EVENTS, key, value);
	}

	/**
	 * An event as sent.
	 * @param key record key
	 * @param value Confluent-framed Avro bytes
	 */
	public record Published(String key, byte[] value) {
	}

}
