package org.callorchestrator.worker.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import java.util.concurrent.TimeUnit;

/**
 * Whether Vobiz is out, as a Resilience4j {@link CircuitBreaker} over the outcomes of the
 * worker's requests: a request Vobiz did not apply (connection refused, 503) counts as a
 * failure, any answer as a success. When the share of failures in the last
 * {@code worker.outage.window} requests reaches {@code failure-rate}, the outage starts:
 * requests wait in {@link #awaitPermission} (no traffic but the probes that
 * {@code probe-after} later ask whether Vobiz is back), commands that meet it wait
 * without spending their retry budget ({@link RetryPauses}), and the consumers pause.
 * Three applied probes end it. Thread-safe.
 */
@Component
public final class VobizOutage {

	private final CircuitBreaker breaker;

	private final Clock clock;

	public VobizOutage(WorkerSettings settings, WorkerMetrics metrics) {
		this(settings, metrics, Clock.systemUTC());
	}

	@Autowired
	public VobizOutage(WorkerSettings settings, WorkerMetrics metrics, Clock clock) {
		this.clock = clock;
		WorkerSettings.Outage outage = settings.outage();
		this.breaker = CircuitBreaker.of("vobiz",
				CircuitBreakerConfig.custom()
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
			this.breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, new IllegalStateException("not applied"));
		}
		else {
			this.breaker.onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Returns once a request may leave: at once unless an outage is on, then when a probe
	 * is allowed.
	 */
	public void awaitPermission() {
		awaitPermission(null);
	}

	/**
	 * {@link #awaitPermission()} for a request that must not leave after {@code sendBy}
	 * (a command's deadline): false, without a permission, once {@code sendBy} has passed
	 * — a command whose deadline passes during an outage stops waiting then, instead of
	 * waiting for Vobiz to come back.
	 * @param sendBy null: wait however long
	 */
	public boolean awaitPermission(Instant sendBy) {
		while (!this.breaker.tryAcquirePermission()) {
			if (sendBy != null && this.clock.instant().isAfter(sendBy)) {
				return false;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
		}
		return true;
	}

	/**
	 * Gives back a permission {@link #awaitPermission} granted to a request that was not
	 * sent after all (its deadline passed while it was paced): while probing, that probe
	 * may then be made by another request — otherwise the outage would wait forever for
	 * the outcome of a probe that never left.
	 */
	public void releasePermission() {
		this.breaker.releasePermission();
	}

	/**
	 * Consumption should pause: the outage is on and not being probed. (While probing it
	 * resumes, so that new commands can be the probes; a failed probe pauses it again.)
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
