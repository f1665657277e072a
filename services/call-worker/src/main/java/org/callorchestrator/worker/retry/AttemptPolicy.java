package org.callorchestrator.worker.retry;

import java.util.Optional;

import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.deadletter.CommandFailure;

/**
 * What one command handler makes of Vobiz's answers in {@link VobizAttempts#send}: the
 * answers whose meaning depends on the command (an unknown outcome above all). One
 * instance per command; it may keep what earlier answers showed.
 *
 * @param <R> the body of a successful answer
 * @param <T> what the command concludes in
 */
public interface AttemptPolicy<R, T> {

	/**
	 * The deadline passed before a request could leave; {@code attempts} requests left
	 * before.
	 */
	T notSent(int attempts);

	/** Vobiz applied the request. */
	T applied(R body);

	/** Vobiz refused the request for good (4xx). */
	T rejected(VobizOutcome.Rejected<R> rejected, int attempts);

	/**
	 * The request may or may not have been applied: settle it, or empty to send it once
	 * more (after any wait of its own).
	 */
	Optional<T> unknown(VobizOutcome.OutcomeUnknown<R> unknown, RetryBudget budget);

	/**
	 * Waiting out a rate limit or a not-applied answer no longer fits the retry budget or
	 * the deadline.
	 */
	T failed(CommandFailure failure);

}
