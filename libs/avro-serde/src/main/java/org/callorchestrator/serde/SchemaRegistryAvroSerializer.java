package org.callorchestrator.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.serde.internal.SchemaRegistryClient;
import org.callorchestrator.serde.internal.WriterSchemas;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or generic ones) in the
 * Confluent wire format: magic byte 0, the 4-byte big-endian schema id, the Avro binary
 * body. The schema's id comes from the registry once per (subject, schema) and is cached:
 * registered with {@code auto.register.schemas} (the default), else looked up — the
 * record's own schema, or with {@code use.latest.version} the subject's latest one, the
 * record then written in it. A schema the registry lacks is a
 * {@link SchemaNotRegisteredException} naming the subject. A null value (tombstone) stays
 * null. Thread-safe once configured. With basic auth configured, {@code configure} asks
 * the registry once and throws {@link RegistryAuthenticationException} if it refuses the
 * credentials.
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

	private final Map<SchemaPair, DatumReader<Object>> resolvers = new ConcurrentHashMap<>();

	private WriterSchemas writers;

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.config = SchemaRegistrySerdeConfig.from(configs, isKey);
		this.registry = new SchemaRegistryClient(this.config);
		this.writers = new WriterSchemas(this.config, this.registry);
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
		Schema own = container.getSchema();
		String subject = this.config.subjectNameStrategy().subject(topic, this.isKey, own);
		SchemaRegistryClient.Registered writer = this.writers.choose(subject, own);
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		out.write(MAGIC_BYTE);
		out.writeBytes(ByteBuffer.allocate(4).putInt(writer.id()).array());
		try {
			Object record = (writer.schema() == own || writer.schema().equals(own)) ? data
					: inSchema(data, own, writer.schema());
			BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
			writerFor(record, writer.schema()).write(record, encoder);
			encoder.flush();
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException(
					"Could not write a " + own.getFullName() + " for topic " + topic + ": " + ex.getMessage(), ex);
		}
		return out.toByteArray();
	}

	/**
	 * The record as a generic record of {@code latest} (use.latest.version with a newer
	 * schema than the record's): written with its own schema, read back through Avro's
	 * schema resolution, so fields it lacks take the latest schema's defaults.
	 */
	private Object inSchema(Object data, Schema own, Schema latest) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
		BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
		writerFor(data, own).write(data, encoder);
		encoder.flush();
		DatumReader<Object> resolving = this.resolvers.computeIfAbsent(new SchemaPair(own, latest),
				pair -> new GenericDatumReader<>(pair.writer(), pair.reader()));
		return resolving.read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
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

	private record SchemaPair(Schema writer, Schema reader) {
	}

}
