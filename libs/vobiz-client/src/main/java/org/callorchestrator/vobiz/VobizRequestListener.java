package org.callorchestrator.vobiz;

import java.time.Duration;

/**
 * Told about every request, so a service can feed its metrics without this library
 * depending on a metrics API. Called on the thread that completed the request; must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface VobizRequestListener {

	/** No-op listener. */
	VobizRequestListener NONE = (endpoint, status, latency, outcome) -> {
	};

	/**
	 * @param endpoint {@code initiate}, {@code action}, {@code logs} or {@code webhooks}
	 * @param status HTTP status, or -1 when no answer came
	 * @param latency time from sending to outcome
	 * @param outcome the outcome's simple name ({@code Success}, {@code Rejected}, …)
	 */
	void onRequest(String endpoint, int status, Duration latency, String outcome);

}
