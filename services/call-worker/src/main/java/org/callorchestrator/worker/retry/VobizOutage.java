package org.callorchestrator.worker.retry;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.springframework.stereotype.Component;

/**
 * Whether Vobiz is out, as a Resilience4j {@link CircuitBreaker} over the outcomes of the worker's requests: a request
 * Vobiz did not apply (connection refused, 503) counts as a failure, any answer as a success. When the share of
 * failures in the last {@code worker.outage.window} requests reaches {@code failure-rate}, the outage starts: requests
 * wait in {@link #awaitPermission} (no traffic but the probes that {@code probe-after} later ask whether Vobiz is
 * back), commands that meet it wait without spending their retry budget ({@link RetryPauses}), and the consumers
 * pause. Three applied probes end it. Thread-safe.
 */
@Component
public class VobizOutage {

	private final CircuitBreaker breaker;

	public VobizOutage(WorkerSettings settings, WorkerMetrics metrics) {
		WorkerSettings.Outage outage = settings.outage();
		this.breaker = CircuitBreaker.of("vobiz", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(outage.window())
			.minimumNumberOfCalls(outage.minimumRequests())
			.failureRateThreshold(outage.failureRate())
			.waitDurationInOpenState(outage.probeAfter())
			.permittedNumberOfCallsInHalfOpenState(3)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build());
		metrics.outage(this::ongoing);
	}

	/** Records the outcome of one request ({@code VobizOutcome} class name). */
	public void record(String outcome, Duration latency) {
		if ("NotApplied".equals(outcome)) {
			this.breaker.onError(latency.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS,
					new IllegalStateException("not applied"));
		}
		else {
			this.breaker.onSuccess(latency.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	/** Returns once a request may leave: at once unless an outage is on, then when a probe is allowed. */
	public void awaitPermission() {
		while (!this.breaker.tryAcquirePermission()) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Consumption should pause: the outage is on and not being probed. (While probing it resumes, so that new
	 * commands can be the probes; a failed probe pauses it again.)
	 */
	public boolean holdsConsumption() {
		return this.breaker.getState() == CircuitBreaker.State.OPEN;
	}

	/** An outage is on (or being probed). */
	public boolean ongoing() {
		CircuitBreaker.State state = this.breaker.getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
	}

}
