package org.callorchestrator.worker.intake;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The worker's one way to try again what failed unexpectedly — a bug, the registry or the
 * broker away, not an answer of Vobiz (those are {@code RetryBudget}'s): Spring's
 * {@link ExponentialBackOff}, 0.5 s doubling to at most 30 s between tries, each user
 * with an execution of its own.
 * <ul>
 * <li>{@link #forRecord}: a record's lane decides it again after each wait, at most
 * {@code worker.listener.infrastructure-retries} times; then
 * ({@link BackOffExecution#STOP}) the record is dead-lettered as OTHER instead of holding
 * its lane;</li>
 * <li>{@link #untilDone}: what must not be given up — the result of a command Vobiz
 * already answered (serialized again until the registry is back) and the consumer's
 * transaction (committed again with the same records).</li>
 * </ul>
 * Thread-safe: executions are not, and each belongs to one thread.
 */
final class UnexpectedFailures {

	static final long INITIAL_MILLIS = 500;

	static final long MAX_MILLIS = 30_000;

	private static final ExponentialBackOff UNTIL_DONE = backOff();

	private final ExponentialBackOff perRecord;

	UnexpectedFailures(int retries) {
		this.perRecord = backOff();
		this.perRecord.setMaxAttempts(retries);
	}

	/** The waits before each retry of one record's decision, then STOP. */
	BackOffExecution forRecord() {
		return this.perRecord.start();
	}

	/** Waits without end, for what must be done eventually. */
	static BackOffExecution untilDone() {
		return UNTIL_DONE.start();
	}

	private static ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(INITIAL_MILLIS, 2.0);
		backOff.setMaxInterval(MAX_MILLIS);
		return backOff;
	}

}
