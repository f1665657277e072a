package org.callorchestrator.state.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary without a registry: the topology's serdes for {@code TopologyTestDriver}
 * tests.
 */
final class PlainAvroSerdes implements RecordSerdes {

	@Override
	public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
		SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
		SpecificDatumReader<T> reader = new SpecificDatumReader<>(SpecificData.get().getSchema(type));
		return Serdes.serdeFrom((topic, value) -> {
			if (value == null) {
				return null;
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
			try {
				writer.write(value, encoder);
				encoder.flush();
			}
			catch (IOException ex) {
				throw new SerializationException(ex);
			}
			return out.toByteArray();
		}, (topic, bytes) -> {
			if (bytes == null) {
				return null;
			}
			try {
				return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
			}
			catch (IOException | RuntimeException ex) {
				throw new SerializationException("Not a " + type.getSimpleName() + " on " + topic, ex);
			}
		});
	}

}
