package org.callorchestrator.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a consumer group's offsets at the end of its topic before the group first
 * starts, so the baseline reads only the commands of its own run (and never dials the
 * worker's earlier ones again).
 */
final class GroupOffsets {

	private GroupOffsets() {
	}

	static void moveToEnd(String bootstrapServers, Map<String, String> topicByGroup) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			for (Map.Entry<String, String> group : topicByGroup.entrySet()) {
				List<TopicPartition> partitions = admin.describeTopics(List.of(group.getValue()))
					.allTopicNames()
					.get(30, TimeUnit.SECONDS)
					.get(group.getValue())
					.partitions()
					.stream()
					.map(p -> new TopicPartition(group.getValue(), p.partition()))
					.toList();
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
					.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
					.all()
					.get(30, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
				ends.forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end.offset())));
				admin.alterConsumerGroupOffsets(group.getKey(), offsets).all().get(30, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not move the baseline's group offsets to the end", ex);
		}
	}

}
