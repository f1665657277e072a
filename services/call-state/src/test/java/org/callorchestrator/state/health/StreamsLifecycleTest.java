package org.callorchestrator.state.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.callorchestrator.state.metrics.StateMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness and liveness follow the Kafka Streams client: never UP while it restores,
 * never silent when it dies.
 */
class StreamsLifecycleTest {

	private final List<Object> published = new ArrayList<>();

	private final StreamsLifecycle lifecycle = new StreamsLifecycle(this.published::add,
			new StateMetrics(new SimpleMeterRegistry()));

	@Test
	void isReadyOnlyWhileRunningWithNoStorePartitionRestoring() {
		assertThat(this.lifecycle.health().getStatus()).isEqualTo(Status.DOWN);
		this.lifecycle.stateChanged(State.REBALANCING, State.CREATED);
		assertThat(this.lifecycle.health().getStatus()).isEqualTo(Status.DOWN);
		this.lifecycle.stateChanged(State.RUNNING, State.REBALANCING);
		assertThat(this.lifecycle.health().getStatus()).isEqualTo(Status.UP);

		TopicPartition changelog = new TopicPartition("call-state-calls-changelog", 3);
		this.lifecycle.onRestoreStart(changelog, "calls", 0, 1000);
		assertThat(this.lifecycle.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.lifecycle.health().getDetails()).containsEntry("restoringPartitions", 1);
		this.lifecycle.onRestoreEnd(changelog, "calls", 1000);
		assertThat(this.lifecycle.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void turnsLivenessBrokenWhenTheClientDies() {
		this.lifecycle.stateChanged(State.RUNNING, State.REBALANCING);
		this.lifecycle.stateChanged(State.PENDING_ERROR, State.RUNNING);

		assertThat(this.published).filteredOn(AvailabilityChangeEvent.class::isInstance)
			.extracting(event -> (Object) ((AvailabilityChangeEvent<?>) event).getState())
			.containsExactly(LivenessState.BROKEN);
	}

	@Test
	void turnsLivenessBrokenWhenTheClientStopsWhileTheApplicationRuns() {
		this.lifecycle.stateChanged(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

		assertThat(this.published).hasSize(1);
	}

	@Test
	void staysLiveWhenTheClientStopsBecauseTheApplicationDoes() {
		this.lifecycle.stopping();
		this.lifecycle.stateChanged(State.PENDING_SHUTDOWN, State.RUNNING);
		this.lifecycle.stateChanged(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

		assertThat(this.published).isEmpty();
	}

}
