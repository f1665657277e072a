package org.callorchestrator.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The serde against the live registry and broker, configured only through Kafka client
 * properties.
 */
@RealInfrastructure
class LiveRegistryRoundTripIT {

	@Test
	void aGeneratedRecordTravelsThroughKafkaAndItsSubjectIsRegistered(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("serde-specific", 1);
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class,
						"schema.registry.url", infra.schemaRegistryUrl()))) {
			producer.send(new ProducerRecord<>(topic, "c-1", SchemaRegistryAvroSerdeTest.command("c-1"))).get();
		}
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "serde-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SchemaRegistryAvroDeserializer.class,
						"schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"))) {
			consumer.subscribe(List.of(topic));
			ConsumerRecords<String, Object> records = ConsumerRecords.empty();
			for (int i = 0; i < 50 && records.isEmpty(); i++) {
				records = consumer.poll(Duration.ofMillis(200));
			}
			assertThat(records.records(topic)).singleElement()
				.satisfies(r -> assertThat(r.value()).isInstanceOf(CallInitiateCommand.class)
					.isEqualTo(SchemaRegistryAvroSerdeTest.command("c-1")));
		}
		HttpResponse<String> subjects = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(infra.schemaRegistryUrl() + "/subjects")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(subjects.body()).contains("\"" + topic + "-value\"");
	}

	@Test
	void aGenericRecordRoundTripsWhenNoGeneratedClassIsWanted(Infrastructure infra) {
		String topic = infra.createTopic("serde-generic", 1);
		Schema schema = new Schema.Parser().parse(
				"{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"serde.it\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
		GenericRecord probe = new GenericData.Record(schema);
		probe.put("n", 7);
		Object read = deserializer(infra, Map.of()).deserialize(topic,
				serializer(infra, Map.of()).serialize(topic, probe));
		assertThat(read).isInstanceOf(GenericRecord.class).isEqualTo(probe);
	}

	@Test
	void withAutoRegisterOffUsesThePreRegisteredSchemaAndRefusesAnUnregisteredOne(Infrastructure infra) {
		String topic = infra.createTopic("serde-noauto", 1);
		byte[] registered = serializer(infra, Map.of()).serialize(topic, SchemaRegistryAvroSerdeTest.command("c"));
		SchemaRegistryAvroSerializer strict = serializer(infra, Map.of("auto.register.schemas", "false"));
		assertThat(strict.serialize(topic, SchemaRegistryAvroSerdeTest.command("c"))).isEqualTo(registered);
		String other = infra.createTopic("serde-unregistered", 1);
		assertThatThrownBy(() -> strict.serialize(other, SchemaRegistryAvroSerdeTest.command("c")))
			.isInstanceOfSatisfying(SchemaNotRegisteredException.class,
					ex -> assertThat(ex.subject()).isEqualTo(other + "-value"))
			.hasMessageContaining("Subject " + other + "-value has no schema");
	}

	@Test
	void withUseLatestVersionWritesTheRecordInTheSubjectsLatestSchemaUnderItsId(Infrastructure infra) {
		String topic = infra.createTopic("serde-latest", 1);
		Schema v1 = new Schema.Parser()
			.parse("{\"type\":\"record\",\"name\":\"Latest\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
		Schema v2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Latest\",\"fields\":["
				+ "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"none\"}]}");
		serializer(infra, Map.of()).serialize(topic, new GenericRecordBuilder(v1).set("a", "x").build());
		byte[] newest = serializer(infra, Map.of()).serialize(topic,
				new GenericRecordBuilder(v2).set("a", "x").set("b", "y").build());
		SchemaRegistryAvroSerializer latest = serializer(infra,
				Map.of("auto.register.schemas", "false", "use.latest.version", "true"));

		byte[] written = latest.serialize(topic, new GenericRecordBuilder(v1).set("a", "old").build());

		assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).isEqualTo(ByteBuffer.wrap(newest, 1, 4).getInt());
		GenericRecord read = (GenericRecord) deserializer(infra, Map.of()).deserialize(topic, written);
		assertThat(read.get("a")).hasToString("old");
		assertThat(read.get("b")).hasToString("none");
	}

	@Test
	void schemasWrittenNamesTheSubjectsTheRegistryLacksUntilTheyAreRegistered(Infrastructure infra) {
		String registered = infra.createTopic("serde-present", 1);
		String absent = infra.createTopic("serde-absent", 1);
		serializer(infra, Map.of()).serialize(registered, SchemaRegistryAvroSerdeTest.command("c"));
		Map<String, Schema> written = new LinkedHashMap<>();
		written.put(registered, CallInitiateCommand.getClassSchema());
		written.put(absent, CallInitiateCommand.getClassSchema());
		SchemasWritten schemas = new SchemasWritten(with(infra, Map.of("auto.register.schemas", "false")), written);

		assertThat(schemas.missing()).containsExactly(absent + "-value");
		serializer(infra, Map.of()).serialize(absent, SchemaRegistryAvroSerdeTest.command("c"));
		assertThat(schemas.missing()).isEmpty();
		assertThat(new SchemasWritten(with(infra, Map.of()),
				Map.of(infra.createTopic("serde-auto", 1), CallInitiateCommand.getClassSchema()))
			.missing()).as("auto-registration on: the serializer registers it itself").isEmpty();
	}

	@Test
	void namesAnIdTheLiveRegistryDoesNotKnow(Infrastructure infra) {
		assertThatThrownBy(() -> deserializer(infra, Map.of()).deserialize("t", new byte[] { 0, 0x7f, 0, 0, 1, 2 }))
			.isInstanceOf(UnknownSchemaIdException.class)
			.hasMessageContaining("not found in registry");
	}

	static SchemaRegistryAvroSerializer serializer(Infrastructure infra, Map<String, String> extra) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(with(infra, extra), false);
		return serializer;
	}

	static SchemaRegistryAvroDeserializer deserializer(Infrastructure infra, Map<String, String> extra) {
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(with(infra, extra), false);
		return deserializer;
	}

	static Map<String, Object> with(Infrastructure infra, Map<String, String> extra) {
		Map<String, Object> config = new HashMap<>(extra);
		config.put("schema.registry.url", infra.schemaRegistryUrl());
		return config;
	}

}
