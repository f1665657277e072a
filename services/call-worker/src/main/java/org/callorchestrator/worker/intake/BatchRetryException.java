package org.callorchestrator.worker.intake;

/** A batch must be polled again: one of its records failed unexpectedly (broker or registry away, most often). */
public class BatchRetryException extends RuntimeException {

	BatchRetryException(String message, Throwable cause) {
		super(message, cause);
	}

}
