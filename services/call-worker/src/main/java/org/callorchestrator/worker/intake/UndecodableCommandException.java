package org.callorchestrator.worker.intake;

/**
 * The record's bytes are not a command this worker can read; it is dead-lettered with its
 * bytes untouched.
 */
public class UndecodableCommandException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UndecodableCommandException(String message, Throwable cause) {
		super(message, cause);
	}

}
