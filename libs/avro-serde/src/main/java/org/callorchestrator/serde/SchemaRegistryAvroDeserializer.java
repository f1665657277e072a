package org.callorchestrator.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.serde.internal.SchemaRegistryClient;

/**
 * Reads the Confluent wire format back into Avro records. The writer's schema is fetched
 * by id once and cached; with {@code specific.avro.reader=true} the record is read into
 * the generated class named by the writer schema, through Avro schema resolution (so an
 * older or newer writer is read with the class's own schema), and generically when no
 * such class is on the classpath. A null value stays null. Thread-safe once configured.
 * With basic auth configured, {@code configure} asks the registry once and throws
 * {@link RegistryAuthenticationException} if it refuses the credentials.
 *
 * <p>
 * Failures: {@link WireFormatException} for bytes that are not the wire format (wrong
 * magic byte, too short, bad Avro), {@link UnknownSchemaIdException} for an id the
 * registry does not know, {@link RegistryUnreachableException} when no registry answers
 * (the only one worth retrying).
 */
public class SchemaRegistryAvroDeserializer implements Deserializer<Object> {

	private SchemaRegistrySerdeConfig config;

	private SchemaRegistryClient registry;

	private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.config = SchemaRegistrySerdeConfig.from(configs, isKey);
		this.registry = new SchemaRegistryClient(this.config);
		if (this.config.userInfo() != null) {
			// wrong credentials fail here, once, not on every record
			this.registry.checkCredentials();
		}
	}

	@Override
	public Object deserialize(String topic, byte[] data) {
		if (data == null) {
			return null;
		}
		if (this.registry == null) {
			throw new IllegalStateException("SchemaRegistryAvroDeserializer used before configure()");
		}
		if (data.length < 5) {
			throw new WireFormatException("Record from topic " + topic + " has " + data.length
					+ " bytes: too short for the Confluent wire format (magic byte + 4-byte schema id)", null);
		}
		if (data[0] != SchemaRegistryAvroSerializer.MAGIC_BYTE) {
			throw new WireFormatException(String.format(
					"Unknown magic byte 0x%02x in record from topic %s (expected 0x00: not Confluent wire format)",
					data[0], topic), null);
		}
		int id = ByteBuffer.wrap(data, 1, 4).getInt();
		DatumReader<Object> reader = this.readers.computeIfAbsent(id, this::readerFor);
		try {
			return reader.read(null, DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
		}
		catch (IOException | RuntimeException ex) {
			throw new WireFormatException(
					"Record from topic " + topic + " is not valid Avro for schema id " + id + ": " + ex.getMessage(),
					ex);
		}
	}

	private DatumReader<Object> readerFor(int id) {
		Schema writer = this.registry.schemaById(id);
		if (this.config.specificReader()) {
			Class<?> generated = SpecificData.get().getClass(writer);
			if (generated != null) {
				Schema reader = SpecificData.get().getSchema(generated);
				return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
			}
		}
		return new GenericDatumReader<>(writer);
	}

}
