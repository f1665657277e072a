package org.callorchestrator.worker.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadline.Deadline;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.springframework.stereotype.Component;

/**
 * The waits shared by every command kind: after a rate limit or quota (the server's wait,
 * if it is within {@code worker.quota.max-park} and the budget) and after a not-applied
 * answer (the budget's back-off, or, during a {@link VobizOutage}, until Vobiz is back).
 * Each either waits and returns empty (send again) or returns the failure that ends the
 * command.
 */
@Component
public class RetryPauses {

	private final WorkerSettings settings;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final VobizOutage outage;

	public RetryPauses(WorkerSettings settings, WorkerMetrics metrics, Clock clock, VobizOutage outage) {
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.outage = outage;
	}

	/**
	 * After a 429 / Meta quota: waits (no longer than until {@code deadline}: the next
	 * attempt then finds it passed and is not sent), or gives up as QUOTA.
	 */
	public Optional<CommandFailure> afterRateLimit(String kind, VobizOutcome.RateLimited<?> limited, RetryBudget budget,
			Deadline deadline) {
		Duration hint = VobizFailures.waitFor(limited, this.clock.instant());
		Optional<Duration> wait = (hint.compareTo(this.settings.quota().maxPark()) > 0) ? Optional.empty()
				: budget.nextWait(hint);
		if (wait.isEmpty()) {
			return Optional.of(VobizFailures.quota(limited, hint, budget.attempts()));
		}
		this.metrics.retry(kind, "rate_limited");
		Pause.of(deadline.capped(wait.get(), this.clock.instant()));
		return Optional.empty();
	}

	/**
	 * After a request Vobiz did not apply: during an outage, sends again once a probe may
	 * leave (the attempt is not counted); otherwise waits (no longer than until
	 * {@code deadline}), or gives up as RETRIES_EXHAUSTED.
	 */
	public Optional<CommandFailure> afterNotApplied(String kind, VobizOutcome.NotApplied<?> notApplied,
			RetryBudget budget, Deadline deadline) {
		if (this.outage.ongoing()) {
			budget.forgiveOutage();
			this.metrics.retry(kind, "outage");
			return Optional.empty();
		}
		Optional<Duration> wait = budget.nextWait(null);
		if (wait.isEmpty()) {
			return Optional.of(VobizFailures.exhausted(notApplied.reason(), notApplied.status(), budget.attempts()));
		}
		this.metrics.retry(kind, "not_applied");
		Pause.of(deadline.capped(wait.get(), this.clock.instant()));
		return Optional.empty();
	}

}
