package org.callorchestrator.worker.intake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.serde.RegistryAuthenticationException;
import org.callorchestrator.serde.WireFormatException;
import org.junit.jupiter.api.Test;

/**
 * What the decoder blames on the record (dead-letter it) and what on the infrastructure
 * (retry it).
 */
class CommandDecoderTest {

	static final ConsumerRecord<String, byte[]> RECORD = new ConsumerRecord<>("call.initiate", 0, 0, "k",
			new byte[] { 0, 0, 0, 0, 1, 2 });

	@Test
	void aRegistryThatRefusesOurCredentialsIsNotTheRecordsFault() {
		Deserializer<Object> refused = (topic, data) -> {
			throw new RegistryAuthenticationException("Schema registry http://registry answered 401", 401);
		};

		assertThatThrownBy(() -> new CommandDecoder(refused).decode(RECORD, CallInitiateCommand.class))
			.isInstanceOf(RegistryAuthenticationException.class);
	}

	@Test
	void bytesThatAreNotAvroAreTheRecordsFault() {
		Deserializer<Object> garbage = (topic, data) -> {
			throw new WireFormatException("Unknown magic byte", null);
		};

		assertThatThrownBy(() -> new CommandDecoder(garbage).decode(RECORD, CallInitiateCommand.class))
			.isInstanceOf(UndecodableCommandException.class);
	}

}
