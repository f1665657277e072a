package org.callorchestrator.worker.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.serde.RegistryAuthenticationException;
import org.callorchestrator.serde.RegistryUnreachableException;

/**
 * Decodes a command's bytes with the project's Avro serde (specific records). A record
 * whose bytes are not a command (garbage, wrong magic byte, unknown schema id, another
 * record type) raises {@link UndecodableCommandException}; an unreachable registry, or
 * one that refuses our credentials (a setting to fix, e.g. a rotated password),
 * propagates as an infrastructure failure so the record is retried, not dead-lettered.
 */
final class CommandDecoder {

	private final Deserializer<Object> deserializer;

	CommandDecoder(Deserializer<Object> deserializer) {
		this.deserializer = deserializer;
	}

	<C> C decode(ConsumerRecord<String, byte[]> record, Class<C> type) {
		if (record.value() == null) {
			throw new UndecodableCommandException("Record has no value (tombstone)", null);
		}
		Object value;
		try {
			value = this.deserializer.deserialize(record.topic(), record.headers(), record.value());
		}
		catch (SerializationException ex) {
			if (ex instanceof RegistryUnreachableException || ex instanceof RegistryAuthenticationException) {
				throw ex;
			}
			throw new UndecodableCommandException(ex.getMessage(), ex);
		}
		if (!type.isInstance(value)) {
			throw new UndecodableCommandException("Expected a " + type.getSimpleName() + " but the record holds a "
					+ ((value != null) ? value.getClass().getName() : "null"), null);
		}
		return type.cast(value);
	}

}
