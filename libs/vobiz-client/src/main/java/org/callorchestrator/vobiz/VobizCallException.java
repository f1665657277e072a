package org.callorchestrator.vobiz;

/**
 * Thrown by the {@link CallLogPager} when a page could not be read; carries the outcome
 * that says why.
 */
public class VobizCallException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient VobizOutcome<?> outcome;

	public VobizCallException(String message, VobizOutcome<?> outcome) {
		super(message + ": " + outcome);
		this.outcome = outcome;
	}

	public VobizOutcome<?> outcome() {
		return this.outcome;
	}

}
