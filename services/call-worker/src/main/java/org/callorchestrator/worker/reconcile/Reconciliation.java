package org.callorchestrator.worker.reconcile;

/** What the call logs say about a request whose outcome was unknown. */
public sealed interface Reconciliation {

	/** The logs show the request was applied: this is the call. */
	record Found(String callId, String fromNumber, String toNumber) implements Reconciliation {
	}

	/**
	 * The logs prove the request left no trace: sending it (once more) cannot apply it
	 * twice.
	 */
	record Absent() implements Reconciliation {
	}

	/**
	 * Neither proven: the logs could not be read, or do not reach far enough. The outcome
	 * stays unknown.
	 */
	record Unreachable(String reason) implements Reconciliation {
	}

}
