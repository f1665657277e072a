package org.callorchestrator.ingress.delivery;

/**
 * Kafka did not acknowledge a delivery's observations in time: answered 503 so Vobiz
 * redelivers.
 */
public class PublishFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PublishFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
