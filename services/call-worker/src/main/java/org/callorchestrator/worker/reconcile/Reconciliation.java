package org.callorchestrator.worker.reconcile;

import org.callorchestrator.vobiz.CallLog;

/** What the call logs say about a request whose outcome was unknown. */
public sealed interface Reconciliation {

	/** The logs show the request was applied: this is the call. */
	record Found(CallLog log) implements Reconciliation {
	}

	/** The logs were searched for the whole window and the request left no trace. */
	record Absent() implements Reconciliation {
	}

	/** The logs could not be searched (Vobiz unavailable): the outcome stays unknown. */
	record Unreachable(String reason) implements Reconciliation {
	}

}
