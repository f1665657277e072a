package org.callorchestrator.worker.concurrency;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {

	private static final TopicPartition P0 = new TopicPartition("call.initiate", 0);

	private static final TopicPartition P1 = new TopicPartition("call.initiate", 1);

	private final PartitionProgress progress = new PartitionProgress();

	@Test
	void commitsOnlyUpToTheFirstRecordStillInFlight() {
		for (long offset = 10; offset < 15; offset++) {
			this.progress.started(P0, offset);
		}
		this.progress.concluded(P0, 10);
		this.progress.concluded(P0, 12);
		this.progress.concluded(P0, 13);
		assertThat(this.progress.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));
		assertThat(this.progress.inFlight()).isEqualTo(2);
		this.progress.concluded(P0, 11);
		assertThat(this.progress.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(14)));
	}

	@Test
	void offersAnOffsetAgainUntilItIsCommitted() {
		this.progress.started(P0, 0);
		this.progress.concluded(P0, 0);
		Map<TopicPartition, OffsetAndMetadata> first = this.progress.committable();
		assertThat(this.progress.committable()).isEqualTo(first);
		this.progress.committed(first);
		assertThat(this.progress.committable()).isEmpty();
	}

	@Test
	void neverCommitsPastAnAbandonedRecord() {
		this.progress.started(P0, 0);
		this.progress.started(P0, 1);
		this.progress.abandoned(P0, 0);
		this.progress.concluded(P0, 1);
		assertThat(this.progress.committable()).isEmpty();
		assertThat(this.progress.inFlight()).isZero();
	}

	@Test
	void forgetsRevokedPartitionsAndTheirRecordsInFlight() {
		this.progress.started(P0, 0);
		this.progress.started(P1, 0);
		this.progress.started(P1, 1);
		assertThat(this.progress.inFlight(List.of(P1))).isEqualTo(2);
		this.progress.forget(List.of(P1));
		assertThat(this.progress.inFlight()).isEqualTo(1);
		this.progress.concluded(P1, 0);
		assertThat(this.progress.committable()).isEmpty();
	}

}
