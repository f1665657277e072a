package org.callorchestrator.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.serde.internal.SchemaRegistryClient;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or generic ones) in the
 * Confluent wire format: magic byte 0, the 4-byte big-endian schema id, the Avro binary
 * body. The schema's id comes from the registry once per (subject, schema) and is cached.
 * A null value (tombstone) stays null. Thread-safe once configured. With basic auth
 * configured, {@code configure} asks the registry once and throws
 * {@link RegistryAuthenticationException} if it refuses the credentials.
 *
 * @see SchemaRegistrySerdeConfig for the properties
 */
public class SchemaRegistryAvroSerializer implements Serializer<Object> {

	static final byte MAGIC_BYTE = 0;

	private SchemaRegistrySerdeConfig config;

	private SchemaRegistryClient registry;

	private boolean isKey;

	private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();

	private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.config = SchemaRegistrySerdeConfig.from(configs, isKey);
		this.registry = new SchemaRegistryClient(this.config);
		if (this.config.userInfo() != null) {
			// wrong credentials fail here, once, not on every record
			this.registry.checkCredentials();
		}
		this.isKey = isKey;
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data == null) {
			return null;
		}
		if (this.registry == null) {
			throw new IllegalStateException("SchemaRegistryAvroSerializer used before configure()");
		}
		if (!(data instanceof GenericContainer container)) {
			throw new SerializationException(
					"Only Avro records are supported, got a " + data.getClass().getName() + " for topic " + topic);
		}
		Schema schema = container.getSchema();
		String subject = this.config.subjectNameStrategy().subject(topic, this.isKey, schema);
		int id = this.config.autoRegister() ? this.registry.idOf(subject, schema, true) : this.config.useLatestVersion()
				? this.registry.latestIdOf(subject) : this.registry.idOf(subject, schema, false);
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		out.write(MAGIC_BYTE);
		out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
		BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
		try {
			writerFor(data, schema).write(data, encoder);
			encoder.flush();
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException(
					"Could not write a " + schema.getFullName() + " for topic " + topic + ": " + ex.getMessage(), ex);
		}
		return out.toByteArray();
	}

	/**
	 * Writers are thread-safe and costly to build (they resolve the schema): one per
	 * schema and record kind.
	 */
	private DatumWriter<Object> writerFor(Object data, Schema schema) {
		if (data instanceof SpecificRecord) {
			return this.specificWriters.computeIfAbsent(schema,
					s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
		}
		return this.genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
	}

}
