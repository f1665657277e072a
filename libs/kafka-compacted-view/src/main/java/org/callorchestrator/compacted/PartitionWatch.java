package org.callorchestrator.compacted;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * For a reader that assigns a topic's partitions itself: tells it of partitions that
 * appear after it started — a topic created as the reader started can show only some of
 * its partitions at first, and the consumer's cached metadata ({@code partitionsFor}) can
 * keep that partial view for minutes. Looks with fresh metadata every 5 s in the reader's
 * first minute, then every minute; a failed look (the broker away) is no reason to stop:
 * the next one tries again. For one reading thread.
 */
public final class PartitionWatch {

	private static final long EARLY = TimeUnit.SECONDS.toNanos(5);

	private static final long LATER = TimeUnit.MINUTES.toNanos(1);

	private final String topic;

	private final long started = System.nanoTime();

	private long lastLook = this.started;

	public PartitionWatch(String topic) {
		this.topic = topic;
	}

	/**
	 * When a look is due: the topic's partitions not in {@code assigned}; otherwise, or
	 * if the look fails, none.
	 */
	public List<TopicPartition> newPartitions(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
		long now = System.nanoTime();
		if (now - this.lastLook < ((now - this.started < LATER) ? EARLY : LATER)) {
			return List.of();
		}
		this.lastLook = now;
		List<PartitionInfo> infos;
		try {
			infos = consumer.listTopics(Duration.ofSeconds(2)).get(this.topic);
		}
		catch (RetriableException ex) {
			return List.of();
		}
		if (infos == null) {
			return List.of();
		}
		return infos.stream()
			.map(p -> new TopicPartition(p.topic(), p.partition()))
			.filter(p -> !assigned.contains(p))
			.toList();
	}

}
