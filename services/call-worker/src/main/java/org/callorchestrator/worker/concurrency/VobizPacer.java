package org.callorchestrator.worker.concurrency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import org.callorchestrator.vobiz.EndpointRateLimit;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.worker.metrics.WorkerMetrics;

/**
 * The per-account rate limit toward Vobiz ({@code worker.concurrency.rate-limit}
 * requests/s): a Resilience4j {@link RateLimiter} whose refresh period is short (10 ms,
 * or one request's share of a second when the rate is below 100/s), so requests leave
 * evenly rather than in one burst per second. A request waits for its permit on the
 * lane's thread, so its record stays in flight and, at {@code max-in-flight}, the
 * consumer pauses: the limit is back-pressure on consumption, not a growing buffer. Time
 * spent waiting is recorded as {@code callworker.vobiz.pacing}.
 *
 * <p>
 * A request with a send-by time (a command's deadline) that cannot have a permit before
 * it — the soonest permit is later, other requests having reserved the ones before — does
 * not take one: it is refused at once, and the permit stays for a request that can still
 * leave. One whose permit came too late after all is refused too.
 */
public final class VobizPacer implements VobizRequestGate {

	private final AtomicRateLimiter limiter;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private VobizPacer(AtomicRateLimiter limiter, WorkerMetrics metrics, Clock clock) {
		this.limiter = limiter;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * A gate pacing requests at {@code perSecond}; open (no wait) when {@code perSecond}
	 * is 0.
	 */
	public static VobizRequestGate of(double perSecond, WorkerMetrics metrics) {
		return of(perSecond, metrics, Clock.systemUTC());
	}

	/**
	 * A gate pacing requests at {@code perSecond}, send-by times read on {@code clock};
	 * open when 0.
	 */
	public static VobizRequestGate of(double perSecond, WorkerMetrics metrics, Clock clock) {
		if (perSecond <= 0) {
			return VobizRequestGate.OPEN;
		}
		return new VobizPacer(new AtomicRateLimiter("vobiz", config(perSecond)), metrics, clock);
	}

	/**
	 * The project's one pacing shape ({@link EndpointRateLimit#config}): short periods,
	 * so requests leave evenly.
	 */
	static RateLimiterConfig config(double perSecond) {
		return EndpointRateLimit.config(perSecond);
	}

	@Override
	public void beforeSend(String endpoint) {
		long started = System.nanoTime();
		EndpointRateLimit.awaitPermission(this.limiter);
		this.metrics.paced(endpoint, Duration.ofNanos(System.nanoTime() - started));
	}

	@Override
	public boolean beforeSend(String endpoint, Instant sendBy) {
		Duration left = Duration.between(this.clock.instant(), sendBy);
		if (left.isNegative() || this.limiter.getDetailedMetrics().getNanosToWait() > left.toNanos()) {
			return false;
		}
		beforeSend(endpoint);
		return !this.clock.instant().isAfter(sendBy);
	}

}
