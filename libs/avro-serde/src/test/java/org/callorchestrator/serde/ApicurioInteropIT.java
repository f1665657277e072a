package org.callorchestrator.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes written by Apicurio's own serde (Confluent framing: magic byte + 4-byte content
 * id, no headers) decode with ours, and ours decode with theirs, against the same live
 * registry: Apicurio's native API on one side, its Confluent-compatible API on the other.
 * Apicurio's 3.x serde speaks the v3 native API, so this runs on registry 3.x.
 */
@RealInfrastructure
class ApicurioInteropIT {

	static final Schema SCHEMA = new Schema.Parser().parse("""
			{"type":"record","name":"Interop","namespace":"serde.interop","fields":[
			  {"name":"call_id","type":"string"},{"name":"attempt","type":"int"}]}""");

	Infrastructure infra;

	@BeforeEach
	void requireRegistryV3(Infrastructure infra) {
		Assumptions.assumeTrue(infra.registryMajorVersion() == 3,
				"Apicurio's 3.x serde needs Apicurio Registry 3.x (a Java 21+ JDK)");
		this.infra = infra;
	}

	@Test
	void bytesWrittenByApicuriosSerializerDecodeWithOurs() {
		String topic = this.infra.createTopic("interop-theirs", 1);
		try (AvroKafkaSerializer<GenericRecord> theirs = new AvroKafkaSerializer<>()) {
			theirs.configure(apicurioConfig(), false);
			byte[] bytes = theirs.serialize(topic, new RecordHeaders(), record("call-1", 1));
			assertThat(bytes[0]).as("magic byte").isZero();
			Object decoded = LiveRegistryRoundTripIT.deserializer(this.infra, Map.of()).deserialize(topic, bytes);
			assertThat(decoded).isEqualTo(record("call-1", 1));
		}
	}

	@Test
	void bytesWrittenByOurSerializerDecodeWithApicuriosDeserializer() {
		String topic = this.infra.createTopic("interop-ours", 1);
		byte[] bytes = LiveRegistryRoundTripIT.serializer(this.infra, Map.of()).serialize(topic, record("call-2", 2));
		try (AvroKafkaDeserializer<GenericRecord> theirs = new AvroKafkaDeserializer<>()) {
			theirs.configure(apicurioConfig(), false);
			GenericRecord decoded = theirs.deserialize(topic, new RecordHeaders(), bytes);
			assertThat(decoded.get("call_id").toString()).isEqualTo("call-2");
			assertThat(decoded.get("attempt")).isEqualTo(2);
		}
	}

	static GenericRecord record(String callId, int attempt) {
		GenericRecord record = new GenericData.Record(SCHEMA);
		record.put("call_id", callId);
		record.put("attempt", attempt);
		return record;
	}

	Map<String, Object> apicurioConfig() {
		Map<String, Object> config = new HashMap<>();
		config.put("apicurio.registry.url", this.infra.registryBaseUrl() + "/apis/registry/v3");
		config.put("apicurio.registry.auto-register", true);
		config.put("apicurio.registry.headers.enabled", false);
		config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
		config.put("apicurio.registry.use-id", "contentId");
		return config;
	}

}
