package org.callorchestrator.worker.retry;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadline.Deadline;
import org.springframework.stereotype.Component;

/**
 * The one attempt loop of both command handlers: sends a command's request until an
 * answer concludes it. Rate-limited and not-applied answers are waited out here
 * ({@link RetryPauses}, within the command's {@link RetryBudget} and {@link Deadline})
 * and the request sent again; every other answer is the handler's {@link AttemptPolicy}
 * to judge. Every request that left counts as an attempt; one the deadline stopped
 * ({@link VobizOutcome.NotSent}) does not. Stateless and thread-safe: each call runs on
 * its command's lane.
 */
@Component
public class VobizAttempts {

	private final RetryPauses pauses;

	private final WorkerSettings.Retry retry;

	private final Clock clock;

	public VobizAttempts(RetryPauses pauses, WorkerSettings settings, Clock clock) {
		this.pauses = pauses;
		this.retry = settings.retry();
		this.clock = clock;
	}

	/** A fresh retry budget for one command ({@code worker.retry.*}). */
	public RetryBudget budget() {
		return RetryBudget.start(this.retry);
	}

	/** The worker's clock (request times, waits capped at deadlines). */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Sends {@code request} until it concludes.
	 * @param kind the command kind, for metrics and logs
	 * @param request sends the request once, with the deadline as its send-by time
	 * @param policy what the handler makes of each answer other than rate-limited and not
	 * applied
	 * @return the handler's conclusion, or its failure once waiting no longer fits the
	 * budget or the deadline
	 */
	public <R, T> T send(String kind, Deadline deadline, RetryBudget budget, Supplier<VobizOutcome<R>> request,
			AttemptPolicy<R, T> policy) {
		while (true) {
			// the deadline is checked as the request leaves: after the outage hold, the
			// rate limit and the back-offs
			VobizOutcome<R> outcome = request.get();
			if (!(outcome instanceof VobizOutcome.NotSent<R>)) {
				budget.recordAttempt();
			}
			Optional<CommandFailure> failure;
			switch (outcome) {
				case VobizOutcome.NotSent<R> notSent -> {
					return policy.notSent(budget.attempts());
				}
				case VobizOutcome.Success<R> success -> {
					return policy.applied(success.body());
				}
				case VobizOutcome.Rejected<R> rejected -> {
					return policy.rejected(rejected, budget.attempts());
				}
				case VobizOutcome.RateLimited<R> limited ->
					failure = this.pauses.afterRateLimit(kind, limited, budget, deadline);
				case VobizOutcome.NotApplied<R> notApplied ->
					failure = this.pauses.afterNotApplied(kind, notApplied, budget, deadline);
				case VobizOutcome.OutcomeUnknown<R> unknown -> {
					Optional<T> settled = policy.unknown(unknown, budget);
					if (settled.isPresent()) {
						return settled.get();
					}
					failure = Optional.empty();
				}
			}
			if (failure.isPresent()) {
				return policy.failed(failure.get());
			}
		}
	}

}
