package org.callorchestrator.state.topology;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology gets the serde of each record type: the schema registry's in
 * production.
 */
@FunctionalInterface
public interface RecordSerdes {

	<T extends SpecificRecord> Serde<T> of(Class<T> type);

	/**
	 * The project's Confluent-compatible serde, configured with {@code configs}
	 * ({@code schema.registry.url}, …).
	 */
	static RecordSerdes registry(Map<String, ?> configs) {
		return new RecordSerdes() {
			@Override
			public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
				return new AvroSerde<>(type, configs);
			}
		};
	}

}
