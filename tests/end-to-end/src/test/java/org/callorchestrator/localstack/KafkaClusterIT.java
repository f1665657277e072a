package org.callorchestrator.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes from the same server jars as the local stack's broker: a topic with
 * three replicas and {@code min.insync.replicas=2} keeps taking {@code acks=all} writes
 * when its leader's node is killed (SIGKILL), loses and doubles none of them, and the
 * node started again on its data rejoins the ISR.
 */
class KafkaClusterIT {

	private static final String TOPIC = "cluster-test";

	static KafkaCluster cluster;

	static Admin admin;

	@BeforeAll
	static void startThreeNodes() throws Exception {
		cluster = new KafkaCluster(Path.of("../../tools/kafka-server/target/lib"), 3, freePorts(6), "256m",
				List.of("-XX:TieredStopAtLevel=1"));
		cluster.start(Duration.ofSeconds(90));
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
	}

	@AfterAll
	static void stop() {
		if (admin != null) {
			admin.close();
		}
		if (cluster != null) {
			cluster.stop();
		}
	}

	@Test
	void survivesTheKillOfTheLeadersNodeWithEveryRecordOnceAndTheNodeRejoinsTheIsr() throws Exception {
		assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).extracting(Node::id)
			.containsExactlyInAnyOrder(1, 2, 3);
		admin
			.createTopics(List.of(new NewTopic(TOPIC, 1, cluster.replicationFactor())
				.configs(Map.of("min.insync.replicas", Integer.toString(cluster.minInSyncReplicas())))))
			.all()
			.get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> partition().isr().size() == 3);
		List<String> sent = new ArrayList<>();
		try (KafkaProducer<String, String> producer = producer()) {
			send(producer, sent, 0, 100);
			int leader = partition().leader().id();
			cluster.node(leader).kill();
			send(producer, sent, 100, 200);
			assertThat(partition().leader().id()).as("a new leader").isNotEqualTo(leader);

			cluster.node(leader).restart(Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(partition().isr()).extracting(Node::id).contains(leader).hasSize(3));
			send(producer, sent, 200, 250);
		}
		assertThat(readAll(sent.size())).containsExactlyElementsOf(sent);
	}

	private static void send(KafkaProducer<String, String> producer, List<String> sent, int from, int to)
			throws Exception {
		for (int i = from; i < to; i++) {
			String value = "record-" + i;
			producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(60, TimeUnit.SECONDS);
			sent.add(value);
		}
	}

	private static List<String> readAll(int expected) {
		List<String> read = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
						ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			TopicPartition partition = new TopicPartition(TOPIC, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> read.add(record.value()));
				return read.size() >= expected;
			});
			// anything doubled would follow what was expected
			consumer.poll(Duration.ofMillis(500)).forEach(record -> read.add(record.value()));
		}
		return read;
	}

	private static TopicPartitionInfo partition() throws Exception {
		TopicDescription topic = admin.describeTopics(List.of(TOPIC))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(TOPIC);
		return topic.partitions().get(0);
	}

	private static KafkaProducer<String, String> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000));
	}

	private static int freePorts(int count) throws IOException {
		return FreePorts.consecutive(count, 27000, 32000);
	}

}
