package org.callorchestrator.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes are not in the Confluent wire format (wrong magic byte, too short) or not
 * valid Avro for the schema.
 */
public class WireFormatException extends SerializationException {

	private static final long serialVersionUID = 1L;

	public WireFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
