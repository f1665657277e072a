package org.callorchestrator.worker.vobiz;

import java.time.Clock;
import java.time.Instant;

import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.worker.retry.VobizOutage;

/**
 * What every request to Vobiz passes before it leaves, in this order: the
 * {@link VobizOutage} hold (during an outage only probes leave), then the rate limit
 * ({@code worker.concurrency.rate-limit}). A command's own request carries its deadline
 * as a send-by time: it stops waiting at either step once the deadline has passed (or, at
 * the rate limit, once no permit can come in time), and is checked once more after both —
 * the Vobiz client checks again after the wait for a connection, the last moment before
 * the request is written. A request refused there gives back the probe permission it
 * held, so an outage is never left waiting for a probe that did not leave. Thread-safe.
 */
final class WorkerGate implements VobizRequestGate {

	private final VobizOutage outage;

	private final VobizRequestGate pacer;

	private final Clock clock;

	WorkerGate(VobizOutage outage, VobizRequestGate pacer, Clock clock) {
		this.outage = outage;
		this.pacer = pacer;
		this.clock = clock;
	}

	@Override
	public void beforeSend(String endpoint) {
		this.outage.awaitPermission();
		this.pacer.beforeSend(endpoint);
	}

	@Override
	public boolean beforeSend(String endpoint, Instant sendBy) {
		if (!this.outage.awaitPermission(sendBy)) {
			return false;
		}
		if (!this.pacer.beforeSend(endpoint, sendBy) || this.clock.instant().isAfter(sendBy)) {
			this.outage.releasePermission();
			return false;
		}
		return true;
	}

	@Override
	public void notSent(String endpoint) {
		this.outage.releasePermission();
	}

}
