package org.callorchestrator.state.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.serde.SchemaRegistrySerdeConfig;

/**
 * The project's Confluent-compatible serde as a Kafka Streams {@link Serde} of one
 * generated record type, for topics and for state stores (whose changelogs then register
 * {@code <changelog>-value} subjects). A record of another type fails at once with a
 * {@link ClassCastException} naming the topic rather than further down the topology.
 */
final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

	private final Class<T> type;

	private final SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	AvroSerde(Class<T> type, Map<String, ?> configs) {
		this.type = type;
		Map<String, Object> settings = new HashMap<>(configs);
		settings.put(SchemaRegistrySerdeConfig.SPECIFIC_AVRO_READER, true);
		this.serializer.configure(settings, false);
		this.deserializer.configure(settings, false);
	}

	@Override
	public Serializer<T> serializer() {
		return this.serializer::serialize;
	}

	@Override
	public Deserializer<T> deserializer() {
		return (topic, data) -> {
			Object value = this.deserializer.deserialize(topic, data);
			if (value != null && !this.type.isInstance(value)) {
				throw new ClassCastException("Record on " + topic + " is a " + value.getClass().getName() + ", not a "
						+ this.type.getSimpleName());
			}
			return this.type.cast(value);
		};
	}

}
