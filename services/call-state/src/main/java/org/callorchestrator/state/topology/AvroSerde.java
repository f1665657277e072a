package org.callorchestrator.state.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.serde.SchemaRegistrySerdeConfig;
import org.jspecify.annotations.Nullable;

/**
 * The project's Confluent-compatible serde as a Kafka Streams {@link Serde} of one
 * generated record type, for topics and for state stores (whose changelogs then register
 * {@code <changelog>-value} subjects). A record of another type fails at once with a
 * {@link ClassCastException} naming the topic rather than further down the topology.
 *
 * <p>
 * Kafka Streams' own topics ({@code <application.id>-…-changelog} and
 * {@code -repartition}) are written with auto-registration on whatever
 * {@code auto.register.schemas} says: Kafka Streams creates those topics, only this
 * application reads them, and their names follow the application id and the topology, so
 * their subjects are this application's to register (the registry's compatibility rule
 * still applies to them). {@code auto.register.schemas=false} governs the published
 * topics ({@code call.events}, {@code call.state}), registered by the deploy's
 * schema-registration step.
 */
final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

	private final Class<T> type;

	private final SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();

	private final SchemaRegistryAvroSerializer internalSerializer = new SchemaRegistryAvroSerializer();

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	private final @Nullable String internalPrefix;

	AvroSerde(Class<T> type, Map<String, ?> configs) {
		this.type = type;
		Map<String, Object> settings = new HashMap<>(configs);
		settings.put(SchemaRegistrySerdeConfig.SPECIFIC_AVRO_READER, true);
		this.serializer.configure(settings, false);
		this.deserializer.configure(settings, false);
		Map<String, Object> internal = new HashMap<>(settings);
		internal.put(SchemaRegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, true);
		internal.put(SchemaRegistrySerdeConfig.USE_LATEST_VERSION, false);
		this.internalSerializer.configure(internal, false);
		Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
		this.internalPrefix = (applicationId != null) ? applicationId + "-" : null;
	}

	@Override
	public Serializer<T> serializer() {
		return (topic, data) -> (this.internalPrefix != null && topic.startsWith(this.internalPrefix))
				? this.internalSerializer.serialize(topic, data) : this.serializer.serialize(topic, data);
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
