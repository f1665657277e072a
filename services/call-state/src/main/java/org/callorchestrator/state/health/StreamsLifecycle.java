package org.callorchestrator.state.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.callorchestrator.state.metrics.StateMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows the Kafka Streams client: its state, and the store partitions it is restoring
 * from their changelogs.
 * <ul>
 * <li>As the {@code streams} health indicator (in the readiness group): UP only while the
 * client is RUNNING and no store partition restores — "can answer queries and keeps up
 * with its inputs now".</li>
 * <li>Liveness: a client in ERROR (a stream thread died and the client shut down) or
 * stopped while the application runs turns liveness BROKEN, so the platform restarts the
 * pod.</li>
 * </ul>
 */
@Component("streams")
public class StreamsLifecycle implements StateRestoreListener, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);

	private final ApplicationEventPublisher events;

	private final StateMetrics metrics;

	private final Map<TopicPartition, Long> restoring = new ConcurrentHashMap<>();

	private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

	private volatile boolean stopping;

	public StreamsLifecycle(ApplicationEventPublisher events, StateMetrics metrics) {
		this.events = events;
		this.metrics = metrics;
	}

	/** A {@code KafkaStreams.StateListener}. */
	public void stateChanged(KafkaStreams.State newState, KafkaStreams.State oldState) {
		this.state = newState;
		log.info("Kafka Streams {} → {}", oldState, newState);
		if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR
				|| (newState == KafkaStreams.State.NOT_RUNNING && !this.stopping)) {
			AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
		}
	}

	/**
	 * The application is shutting down: the client stopping is expected, not a failure.
	 */
	@EventListener(ContextClosedEvent.class)
	public void stopping() {
		this.stopping = true;
	}

	@Override
	public Health health() {
		KafkaStreams.State current = this.state;
		Health.Builder health = (current == KafkaStreams.State.RUNNING && this.restoring.isEmpty()) ? Health.up()
				: Health.down();
		return health.withDetail("state", current.name())
			.withDetail("restoringPartitions", this.restoring.size())
			.build();
	}

	@Override
	public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
		this.restoring.put(partition, System.nanoTime());
		this.metrics.restoreStarted();
		log.debug("Restoring {} from {} (offsets {}..{})", storeName, partition, startingOffset, endingOffset);
	}

	@Override
	public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
	}

	@Override
	public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
		ended(partition, storeName, totalRestored, "Restored");
	}

	@Override
	public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
		ended(partition, storeName, totalRestored, "Suspended restoring");
	}

	private void ended(TopicPartition partition, String storeName, long records, String what) {
		Long started = this.restoring.remove(partition);
		if (started != null) {
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			this.metrics.restoreEnded(took);
			if (records > 0) {
				log.info("{} {} from {}: {} records in {} ms", what, storeName, partition, records, took.toMillis());
			}
		}
	}

}
