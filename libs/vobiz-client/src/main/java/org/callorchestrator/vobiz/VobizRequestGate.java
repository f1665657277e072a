package org.callorchestrator.vobiz;

/**
 * Called on the caller's thread before each request leaves, to pace or hold it (e.g. a per-account rate limit). It
 * may block; a request is sent only once it returns. It must not throw: pacing delays a request, it never fails it.
 */
@FunctionalInterface
public interface VobizRequestGate {

	/** No pacing. */
	VobizRequestGate OPEN = endpoint -> {
	};

	/** Returns when a request to {@code endpoint} ({@code initiate}, {@code action}, {@code logs}, …) may leave. */
	void beforeSend(String endpoint);

}
