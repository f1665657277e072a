package org.callorchestrator.vobiz;

import java.time.Instant;

/**
 * Called on the caller's thread before each request leaves, to pace or hold it (e.g. a
 * per-account rate limit). It may block; a request is sent only once it returns. It must
 * not throw: pacing delays a request, it never fails it — except that a request given a
 * send-by time is not sent once that time has passed
 * ({@link #beforeSend(String, Instant)}).
 */
@FunctionalInterface
public interface VobizRequestGate {

	/** No pacing. */
	VobizRequestGate OPEN = endpoint -> {
	};

	/**
	 * Returns when a request to {@code endpoint} ({@code initiate}, {@code action},
	 * {@code logs}, …) may leave.
	 */
	void beforeSend(String endpoint);

	/**
	 * Like {@link #beforeSend(String)} for a request that must not leave after
	 * {@code sendBy}: returns true when it may leave now, false when {@code sendBy}
	 * passed first (a gate may stop waiting then, or as soon as it knows the request
	 * cannot leave in time). A gate returning false holds nothing for the request. By
	 * default: waits as {@link #beforeSend(String)}, then tells whether {@code sendBy} is
	 * still ahead.
	 */
	default boolean beforeSend(String endpoint, Instant sendBy) {
		beforeSend(endpoint);
		return !Instant.now().isAfter(sendBy);
	}

	/**
	 * A request this gate let through ({@link #beforeSend(String, Instant)} returned
	 * true) was not sent after all: its send-by time passed while it waited for a
	 * connection. The gate gives back what it held for it (e.g. a probe permission). By
	 * default nothing.
	 */
	default void notSent(String endpoint) {
	}

}
