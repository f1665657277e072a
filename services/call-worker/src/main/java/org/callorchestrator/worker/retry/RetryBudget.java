package org.callorchestrator.worker.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.callorchestrator.worker.WorkerSettings;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The retry allowance of one command: exponential back-off with jitter (Spring's
 * {@link ExponentialBackOff}), a server's hint (Retry-After, next allowed time) taking
 * precedence when longer, and two hard bounds — attempts and total time — so that a
 * command never holds its partition past {@code worker.retry.max-total}. Not thread-safe:
 * one budget per command being processed.
 */
public final class RetryBudget {

	private final WorkerSettings.Retry settings;

	private final BackOffExecution backOff;

	private final LongSupplier nanoTime;

	private long startedAt;

	private int attempts;

	RetryBudget(WorkerSettings.Retry settings, BackOff backOff, LongSupplier nanoTime) {
		this.settings = settings;
		this.backOff = backOff.start();
		this.nanoTime = nanoTime;
		this.startedAt = nanoTime.getAsLong();
	}

	/** A fresh budget for one command. */
	public static RetryBudget start(WorkerSettings.Retry settings) {
		ExponentialBackOff backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(),
				settings.multiplier());
		backOff.setMaxInterval(settings.maxBackoff().toMillis());
		backOff.setJitter((long) (settings.initialBackoff().toMillis() * settings.jitter()));
		return new RetryBudget(settings, backOff, System::nanoTime);
	}

	/** Counts one request sent to Vobiz. */
	public void recordAttempt() {
		this.attempts++;
	}

	/**
	 * Gives back the last attempt and restarts the total time: it met a Vobiz outage,
	 * which is waited out rather than counted against the command.
	 */
	public void forgiveOutage() {
		this.attempts = Math.max(0, this.attempts - 1);
		this.startedAt = this.nanoTime.getAsLong();
	}

	/** Requests sent so far. */
	public int attempts() {
		return this.attempts;
	}

	/**
	 * The wait before the next attempt, or empty when the budget is spent (attempts used
	 * up, or the wait would end past the total time allowed).
	 * @param hint the server's own wait (Retry-After), or null
	 */
	public Optional<Duration> nextWait(Duration hint) {
		if (this.attempts >= this.settings.maxAttempts()) {
			return Optional.empty();
		}
		long backOffMillis = this.backOff.nextBackOff();
		if (backOffMillis == BackOffExecution.STOP) {
			return Optional.empty();
		}
		Duration wait = Duration.ofMillis(backOffMillis);
		if (hint != null && hint.compareTo(wait) > 0) {
			wait = hint;
		}
		return fitsInTotal(wait) ? Optional.of(wait) : Optional.empty();
	}

	/** Whether waiting {@code wait} from now still ends within the total time allowed. */
	public boolean fitsInTotal(Duration wait) {
		return elapsed().plus(wait).compareTo(this.settings.maxTotal()) <= 0;
	}

	/** Time spent on this command so far. */
	public Duration elapsed() {
		return Duration.ofNanos(this.nanoTime.getAsLong() - this.startedAt);
	}

}
