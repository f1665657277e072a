package org.callorchestrator.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.callorchestrator.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.ExponentialBackOff;

class RetryBudgetTest {

	final AtomicLong now = new AtomicLong();

	@Test
	void growsTheWaitExponentiallyUntilTheAttemptsAreUsedUp() {
		RetryBudget budget = budget(3, Duration.ofMinutes(1));
		budget.recordAttempt();
		assertThat(budget.nextWait(null)).contains(Duration.ofMillis(100));
		budget.recordAttempt();
		assertThat(budget.nextWait(null)).contains(Duration.ofMillis(200));
		budget.recordAttempt();
		assertThat(budget.nextWait(null)).isEmpty();
	}

	@Test
	void honoursALongerRetryAfter() {
		RetryBudget budget = budget(5, Duration.ofMinutes(1));
		budget.recordAttempt();
		assertThat(budget.nextWait(Duration.ofSeconds(3))).contains(Duration.ofSeconds(3));
	}

	@Test
	void refusesAWaitThatWouldEndPastTheTotalTimeAllowed() {
		RetryBudget budget = budget(5, Duration.ofSeconds(10));
		budget.recordAttempt();
		this.now.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(budget.nextWait(Duration.ofSeconds(2))).isEmpty();
		assertThat(budget.fitsInTotal(Duration.ofMillis(500))).isTrue();
	}

	RetryBudget budget(int attempts, Duration total) {
		WorkerSettings.Retry settings = new WorkerSettings.Retry(attempts, Duration.ofMillis(100),
				Duration.ofSeconds(5), 2.0, 0.0, total);
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(5000);
		return new RetryBudget(settings, backOff, this.now::get);
	}

}
