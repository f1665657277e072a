package org.callorchestrator.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry answered with an error ({@code error_code} and message from its body), or
 * its answer was unusable.
 */
public class SchemaRegistryException extends SerializationException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final int errorCode;

	public SchemaRegistryException(String message, int status, int errorCode) {
		super(message);
		this.status = status;
		this.errorCode = errorCode;
	}

	/** HTTP status of the registry's answer. */
	public int status() {
		return this.status;
	}

	/** Confluent {@code error_code} (e.g. 40403 schema not found), or -1. */
	public int errorCode() {
		return this.errorCode;
	}

}
