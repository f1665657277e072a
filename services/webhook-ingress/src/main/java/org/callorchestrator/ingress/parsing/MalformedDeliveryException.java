package org.callorchestrator.ingress.parsing;

/** The body is not JSON, or not a Vobiz delivery (no event id). Answered 400. */
public class MalformedDeliveryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MalformedDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
