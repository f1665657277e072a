package org.callorchestrator.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wire format, caching, naming and errors, against a fake registry (the live registry is
 * in the *IT tests).
 */
class SchemaRegistryAvroSerdeTest {

	FakeRegistry registry;

	@BeforeEach
	void startRegistry() throws Exception {
		this.registry = new FakeRegistry();
	}

	@AfterEach
	void stopRegistry() {
		this.registry.close();
	}

	@Test
	void writesMagicByteSchemaIdAndAvroAndReadsItBackIntoTheGeneratedClass() {
		byte[] bytes = serializer(Map.of()).serialize("call.initiate", command("c-1"));
		assertThat(bytes[0]).isZero();
		assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
		Object read = deserializer(Map.of("specific.avro.reader", "true")).deserialize("call.initiate", bytes);
		assertThat(read).isEqualTo(command("c-1"));
	}

	@Test
	void callsTheRegistryOnceForManyRecordsOfOneSchema() {
		SchemaRegistryAvroSerializer serializer = serializer(Map.of());
		SchemaRegistryAvroDeserializer deserializer = deserializer(Map.of("specific.avro.reader", "true"));
		for (int i = 0; i < 1000; i++) {
			deserializer.deserialize("t", serializer.serialize("t", command("c-" + i)));
		}
		assertThat(this.registry.requests).hasValue(2);
	}

	@Test
	void namesSubjectsByTopicByDefaultAndByRecordWhenAsked() {
		assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.TopicNameStrategy", false)
			.subject("call.initiate", false, CallInitiateCommand.getClassSchema())).isEqualTo("call.initiate-value");
		assertThat(SubjectNameStrategy.parse("RecordNameStrategy", false)
			.subject("call.initiate", false, CallInitiateCommand.getClassSchema()))
			.isEqualTo("org.callorchestrator.schema.CallInitiateCommand");
		assertThat(SubjectNameStrategy.parse("TopicNameStrategy", true)
			.subject("call.initiate", true, CallInitiateCommand.getClassSchema())).isEqualTo("call.initiate-key");
	}

	@Test
	void sendsBasicAuthFromUserInfo() {
		serializer(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:s3cret"))
			.serialize("t", command("c-1"));
		assertThat(this.registry.authorizations)
			.containsOnly("Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void refusedCredentialsFailConfigureOnceNamingTheRegistryAndTheUserButNotThePassword() {
		this.registry.requireBasicAuth("svc", "right");

		assertThatThrownBy(() -> serializer(
				Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:wrong-s3cret")))
			.isInstanceOf(RegistryAuthenticationException.class)
			.hasMessageContaining(this.registry.url())
			.hasMessageContaining("401")
			.hasMessageContaining("user 'svc'")
			.hasMessageNotContaining("wrong-s3cret");
		assertThat(this.registry.requests).as("asked once, not retried").hasValue(1);
	}

	@Test
	void aRecordTheRegistryRefusesToServeIsAnAuthenticationErrorAskedOnceNotADeadLetter() {
		this.registry.requireBasicAuth("svc", "right");
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(Map.of("schema.registry.url", this.registry.url() + "," + this.registry.url()), false);

		assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] { 0, 0, 0, 0, 42, 2 }))
			.isInstanceOf(RegistryAuthenticationException.class)
			.isNotInstanceOf(UnknownSchemaIdException.class)
			.hasMessageContaining("without credentials");
		assertThat(this.registry.requests).as("not retried on the second URL").hasValue(1);
	}

	@Test
	void rightCredentialsPassTheCheckAtConfigure() {
		this.registry.requireBasicAuth("svc", "right");

		serializer(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:right"))
			.serialize("t", command("c-1"));

		assertThat(this.registry.authorizations).hasSize(this.registry.requests.get());
	}

	@Test
	void neverPrintsTheRegistryPasswordInItsConfiguration() {
		SchemaRegistrySerdeConfig config = SchemaRegistrySerdeConfig
			.from(Map.of("schema.registry.url", this.registry.url(), "basic.auth.credentials.source", "USER_INFO",
					"basic.auth.user.info", "svc:s3cret"), false);
		assertThat(config.toString()).doesNotContain("s3cret");
	}

	@Test
	void rejectsBytesWithAWrongMagicByte() {
		assertThatThrownBy(() -> deserializer(Map.of()).deserialize("t", new byte[] { 1, 0, 0, 0, 1, 2 }))
			.isInstanceOf(WireFormatException.class)
			.hasMessageContaining("Unknown magic byte 0x01");
	}

	@Test
	void rejectsBytesTooShortForTheWireFormat() {
		assertThatThrownBy(() -> deserializer(Map.of()).deserialize("t", "ab".getBytes()))
			.isInstanceOf(WireFormatException.class)
			.hasMessageContaining("too short");
	}

	@Test
	void namesAnUnknownSchemaId() {
		assertThatThrownBy(() -> deserializer(Map.of()).deserialize("t", new byte[] { 0, 0, 0, 0, 42, 2 }))
			.isInstanceOf(UnknownSchemaIdException.class)
			.hasMessageContaining("Schema id 42 not found");
	}

	@Test
	void saysWhenTheRegistryIsUnreachableWithoutLeakingCredentials() {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", "http://svc:s3cret@127.0.0.1:1"), false);
		assertThatThrownBy(() -> serializer.serialize("t", command("c-1")))
			.isInstanceOf(RegistryUnreachableException.class)
			.hasMessageContaining("unreachable")
			.hasMessageNotContaining("s3cret");
	}

	@Test
	void failsClearlyWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
		assertThatThrownBy(() -> serializer(Map.of("auto.register.schemas", "false")).serialize("t", command("c")))
			.isInstanceOfSatisfying(SchemaNotRegisteredException.class, ex -> {
				assertThat(ex.subject()).isEqualTo("t-value");
				assertThat(ex.errorCode()).isEqualTo(40403);
			})
			.hasMessageStartingWith("Subject t-value has no schema equal to the record's "
					+ CallInitiateCommand.getClassSchema().getFullName() + " in schema registry " + this.registry.url())
			.hasMessageContaining("auto.register.schemas=false");
	}

	@Test
	void looksUpTheIdOfARegisteredSchemaWhenAutoRegisterIsOff() {
		byte[] registered = serializer(Map.of()).serialize("t", command("c-1"));
		byte[] lookedUp = serializer(Map.of("auto.register.schemas", "false")).serialize("t", command("c-1"));
		assertThat(lookedUp).isEqualTo(registered);
	}

	@Test
	void requiresARegistryUrl() {
		assertThatThrownBy(() -> new SchemaRegistryAvroSerializer().configure(Map.of(), false))
			.isInstanceOf(ConfigException.class)
			.hasMessageContaining("schema.registry.url");
	}

	@Test
	void keepsTombstonesNull() {
		assertThat(serializer(Map.of()).serialize("t", null)).isNull();
		assertThat(deserializer(Map.of()).deserialize("t", null)).isNull();
	}

	static CallInitiateCommand command(String id) {
		return TestCommands.initiate()
			.setCommandId(id)
			.setSdpOffer("v=0")
			.setRequestedAt(Instant.ofEpochMilli(1_700_000_000_000L))
			.setAttributes(Map.of("ticket", "T-1"))
			.build();
	}

	SchemaRegistryAvroSerializer serializer(Map<String, String> extra) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(config(extra), false);
		return serializer;
	}

	SchemaRegistryAvroDeserializer deserializer(Map<String, String> extra) {
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(config(extra), false);
		return deserializer;
	}

	Map<String, Object> config(Map<String, String> extra) {
		Map<String, Object> config = new HashMap<>(extra);
		config.put("schema.registry.url", this.registry.url());
		return config;
	}

}
