package org.callorchestrator.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * No configured registry URL answered. Unlike the other serde errors this says nothing
 * about the record: a consumer should retry it later rather than dead-letter it.
 */
public class RegistryUnreachableException extends SerializationException {

	private static final long serialVersionUID = 1L;

	public RegistryUnreachableException(String message, Throwable cause) {
		super(message, cause);
	}

}
