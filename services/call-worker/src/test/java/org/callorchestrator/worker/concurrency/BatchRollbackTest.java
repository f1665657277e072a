package org.callorchestrator.worker.concurrency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRollbackTest {

	@Test
	void waitsLongerAfterEachFailedPollUpToThirtySeconds() {
		assertThat(BatchRollback.backOff(1)).isEqualTo(500);
		assertThat(BatchRollback.backOff(2)).isEqualTo(1000);
		assertThat(BatchRollback.backOff(6)).isEqualTo(16_000);
		assertThat(BatchRollback.backOff(7)).isEqualTo(30_000);
		assertThat(BatchRollback.backOff(100)).isEqualTo(30_000);
	}

}
