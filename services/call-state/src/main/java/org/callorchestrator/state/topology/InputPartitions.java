package org.callorchestrator.state.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.TopicDescription;
import org.callorchestrator.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Refuses to start call-state when its three inputs do not share one partition count.
 * They are merged by key into one processor: with different counts a call's results,
 * observations and call-log rows land in different tasks, and each task would keep its
 * own state of the call and publish its own history of it — every transition twice. Kafka
 * Streams does not check this for a merge, so this does, before the Streams client
 * starts.
 */
@Component
public class InputPartitions implements SmartLifecycle {

	static final List<String> INPUTS = List.of(Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS,
			Topics.CALL_LOGS);

	private static final Logger log = LoggerFactory.getLogger(InputPartitions.class);

	private final KafkaAdmin admin;

	private volatile boolean running;

	public InputPartitions(KafkaAdmin admin) {
		this.admin = admin;
	}

	@Override
	public void start() {
		Map<String, Integer> counts = new TreeMap<>();
		for (Map.Entry<String, TopicDescription> topic : this.admin.describeTopics(INPUTS.toArray(String[]::new))
			.entrySet()) {
			counts.put(topic.getKey(), topic.getValue().partitions().size());
		}
		check(counts);
		log.info("Inputs share {} partitions: {}", counts.values().iterator().next(), counts.keySet());
		this.running = true;
	}

	/** Throws, naming every count, unless all of {@code counts} are equal. */
	static void check(Map<String, Integer> counts) {
		if (counts.values().stream().distinct().count() > 1) {
			throw new IllegalStateException("call-state's inputs must have one partition count (they are joined by "
					+ "key; with different counts a call would be processed twice): " + counts
					+ ". Give them the same count (deploy/topics.yaml) before starting call-state.");
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the Streams client (whose factory bean starts in phase
	 * {@code Integer.MAX_VALUE - 1000}).
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2000;
	}

}
