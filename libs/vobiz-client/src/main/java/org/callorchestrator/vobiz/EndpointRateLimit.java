package org.callorchestrator.vobiz;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * A ceiling on the requests per second to one endpoint (e.g. {@code logs}), in front of
 * another gate: requests to that endpoint wait for a Resilience4j permission, the others
 * pass straight to {@code next}. The log poller and the call worker's reconciliation both
 * read {@code GET /logs} through one: Vobiz documents no rate limit, so the account's
 * load is bounded here.
 */
public final class EndpointRateLimit implements VobizRequestGate {

	private final String endpoint;

	private final AtomicRateLimiter limiter;

	private final VobizRequestGate next;

	private EndpointRateLimit(String endpoint, double perSecond, VobizRequestGate next) {
		this.endpoint = endpoint;
		this.limiter = new AtomicRateLimiter(endpoint, config(perSecond));
		this.next = next;
	}

	/**
	 * {@code next}, with requests to {@code endpoint} held to {@code perSecond}; just
	 * {@code next} when 0 or less.
	 */
	public static VobizRequestGate of(String endpoint, double perSecond, VobizRequestGate next) {
		return (perSecond > 0) ? new EndpointRateLimit(endpoint, perSecond, next) : next;
	}

	/**
	 * A limiter config for {@code perSecond}: below 100/s one permit per period of
	 * {@code 1/perSecond}; above, 10 ms periods of {@code perSecond/100} permits (a short
	 * period keeps bursts small).
	 */
	public static RateLimiterConfig config(double perSecond) {
		Duration period;
		int permits;
		if (perSecond < 100) {
			period = Duration.ofNanos(Math.round(1_000_000_000 / perSecond));
			permits = 1;
		}
		else {
			period = Duration.ofMillis(10);
			permits = (int) Math.max(1, Math.round(perSecond / 100));
		}
		return RateLimiterConfig.custom()
			.limitRefreshPeriod(period)
			.limitForPeriod(permits)
			.timeoutDuration(Duration.ofMinutes(10))
			.build();
	}

	@Override
	public void beforeSend(String endpoint) {
		acquire(endpoint);
		this.next.beforeSend(endpoint);
	}

	@Override
	public boolean beforeSend(String endpoint, Instant sendBy) {
		acquire(endpoint);
		return this.next.beforeSend(endpoint, sendBy);
	}

	private void acquire(String endpoint) {
		if (this.endpoint.equals(endpoint)) {
			awaitPermission(this.limiter);
		}
	}

	/**
	 * Waits for one of {@code limiter}'s permissions however long it takes (each
	 * {@code acquirePermission} waits at most the config's timeout); returns early, with
	 * the interrupt flag still set, when the thread is interrupted (the caller is
	 * stopping).
	 */
	public static void awaitPermission(RateLimiter limiter) {
		while (!limiter.acquirePermission()) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
		}
	}

	@Override
	public void notSent(String endpoint) {
		this.next.notSent(endpoint);
	}

}
